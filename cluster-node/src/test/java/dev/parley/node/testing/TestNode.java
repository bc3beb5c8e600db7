package dev.parley.node.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.node.boot.NodeSettings;
import dev.parley.node.boot.ParleyServer;
import dev.parley.persistence.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;

/** A Parley node started in this JVM on free ports, for tests of one node over the wire. */
public final class TestNode implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  /**
   * Tests that drive load or make many users from one address lift the rate limits and the caps on
   * one address's sockets; the limits themselves are tested with their defaults
   * ({@code RateLimitTest}), the caps with low values ({@code ConnectionCapsTest}). The failed-login
   * budgets stay: only wrong passwords count against them ({@code SecurityOverHttpTest}).
   */
  public static final Map<String, Object> UNLIMITED =
      Map.of(
          "parley.connection.requests-per-second", 1_000_000,
          "parley.connection.request-burst", 1_000_000,
          "parley.auth.attempts-per-minute", 1_000_000,
          "parley.auth.attempts-burst", 1_000_000,
          "parley.connection.max-per-address", 1_000_000,
          "parley.connection.max-unauthenticated-per-address", 1_000_000);

  /** The contract's rate limits (docs/protocol.md, "Errors, limits and close codes"), for tests of how a node meets abuse. */
  public static final Map<String, Object> CONTRACT_LIMITS =
      Map.of(
          "parley.connection.requests-per-second", 20,
          "parley.connection.request-burst", 50,
          "parley.connection.abuse-limit", 100,
          "parley.auth.attempts-per-minute", 10,
          "parley.auth.attempts-burst", 10);

  private final ParleyServer.Running running;
  private final Path dataDir;
  private final int managementPort;

  private TestNode(ParleyServer.Running running, Path dataDir, int managementPort) {
    this.running = running;
    this.dataDir = dataDir;
    this.managementPort = managementPort;
  }

  /** A node on a fresh embedded H2 database. */
  public static TestNode startH2(Map<String, Object> extra) {
    try {
      Path dir = Files.createTempDirectory("parley-test-");
      Map<String, Object> overrides = new HashMap<>(extra);
      overrides.put("parley.db.data-dir", dir.toString());
      return start(overrides, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A node on the embedded H2 database in {@code dataDir} (e.g. the one a stopped node used: a
   * restart), its HTTP API on {@code httpPort}.
   */
  public static TestNode startH2At(Path dataDir, int httpPort, Map<String, Object> extra) {
    Map<String, Object> overrides = new HashMap<>(extra);
    overrides.put("parley.db.data-dir", dataDir.toString());
    overrides.put("parley.http.port", String.valueOf(httpPort));
    return start(overrides, dataDir);
  }

  /** A node on the given database (e.g. a fresh PostgreSQL database). */
  public static TestNode startOn(DatabaseSettings database, Map<String, Object> extra) {
    Map<String, Object> overrides = new HashMap<>(extra);
    overrides.put("parley.db.url", database.url());
    overrides.put("parley.db.user", database.user());
    overrides.put("parley.db.password", database.password());
    return start(overrides, null);
  }

  private static TestNode start(Map<String, Object> overrides, Path dataDir) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(overrides, dataDir);
      } catch (IllegalStateException failed) {
        // A free port found is free only until it is bound: another socket may take it meanwhile.
        if (attempt == START_ATTEMPTS || !causedByBind(failed)) {
          throw failed;
        }
      }
    }
  }

  private static TestNode startOnce(Map<String, Object> overrides, Path dataDir) {
    Map<String, Object> all = new HashMap<>();
    all.put("parley.http.host", "127.0.0.1");
    all.put("parley.http.port", String.valueOf(freePort()));
    all.put("parley.management.port", String.valueOf(freePort()));
    all.put("parley.cluster.port", String.valueOf(freePort()));
    all.put("parley.auth.bcrypt-cost", 4);
    // Tests register users as they need them; the registration modes are tested by setting it.
    all.put("parley.auth.registration", "open");
    all.putAll(UNLIMITED);
    all.putAll(overrides);
    Config config =
        ConfigFactory.load(ConfigFactory.parseMap(all).withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    try {
      ParleyServer.Running running =
          ParleyServer.start(NodeSettings.from(config), config)
              .toCompletableFuture()
              .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new TestNode(running, dataDir, config.getInt("parley.management.port"));
    } catch (Exception e) {
      throw new IllegalStateException("node did not start: " + e, e);
    }
  }

  private static boolean causedByBind(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + running.httpPort();
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + running.httpPort() + "/v1/ws";
  }

  /** Pekko Management and Prometheus {@code /metrics}. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The node's actor system, for tests that look at what the node runs (its cluster member, serialization). */
  public ActorSystem<Void> system() {
    return running.system();
  }

  @Override
  public void close() {
    try {
      running.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not stop", e);
    }
  }
}
