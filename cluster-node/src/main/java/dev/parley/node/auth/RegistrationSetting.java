package dev.parley.node.auth;

import dev.parley.persistence.SettingStore;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * The registration mode in force: the one an administrator stored ({@code admin.registration.set},
 * in {@code parley_setting}, so every node applies it) when there is one, else the node's
 * {@code PARLEY_REGISTRATION}. A node reads the stored one again once its copy is older than
 * {@code cacheFor}, so a change made on another node applies here within that time; on the node
 * that made it, at once.
 */
public final class RegistrationSetting {

  /** The {@code parley_setting} row of the stored mode. */
  static final String NAME = "registration-mode";

  /** The mode and whether it was {@code stored} or comes from the {@code environment}. */
  public record Current(RegistrationMode mode, boolean stored) {
    public String wireMode() {
      return mode.name().toLowerCase(Locale.ROOT);
    }

    public String source() {
      return stored ? "stored" : "environment";
    }
  }

  private record Cached(Current current, long readAtNanos) {}

  private final RegistrationMode environment;
  private final SettingStore store;
  private final Executor blocking;
  private final Duration cacheFor;
  private final LongSupplier nanoTime;
  private volatile Cached cached;

  public RegistrationSetting(
      RegistrationMode environment, SettingStore store, Executor blocking, Duration cacheFor, LongSupplier nanoTime) {
    this.environment = environment;
    this.store = store;
    this.blocking = blocking;
    this.cacheFor = cacheFor;
    this.nanoTime = nanoTime;
  }

  public CompletionStage<Current> current() {
    Cached known = cached;
    if (known != null && nanoTime.getAsLong() - known.readAtNanos() < cacheFor.toNanos()) {
      return CompletableFuture.completedFuture(known.current());
    }
    return CompletableFuture.supplyAsync(this::read, blocking);
  }

  /** Stores {@code mode} for every node; this node applies it at once. */
  public CompletionStage<Current> set(RegistrationMode mode) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            store.put(NAME, mode.name().toLowerCase(Locale.ROOT));
          } catch (SQLException e) {
            throw unavailable();
          }
          Current now = new Current(mode, true);
          cached = new Cached(now, nanoTime.getAsLong());
          return now;
        },
        blocking);
  }

  private Current read() {
    Optional<String> stored;
    try {
      stored = store.find(NAME);
    } catch (SQLException e) {
      throw unavailable();
    }
    // A value that is not a mode (edited by hand) is ignored rather than refusing every registration.
    Current now =
        stored.flatMap(RegistrationSetting::mode).map(m -> new Current(m, true)).orElse(new Current(environment, false));
    cached = new Cached(now, nanoTime.getAsLong());
    return now;
  }

  private static Optional<RegistrationMode> mode(String value) {
    try {
      return Optional.of(RegistrationMode.fromSetting(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ProtocolException unavailable() {
    return new ProtocolException(ErrorCode.UNAVAILABLE, "the database could not be reached; try again");
  }
}
