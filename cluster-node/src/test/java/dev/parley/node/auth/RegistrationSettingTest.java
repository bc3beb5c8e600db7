package dev.parley.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.testing.MigratedDatabase;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.SettingStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registration mode of two nodes sharing one database: the environment's until an
 * administrator stores one, which the node that stored it applies at once and the other once its
 * copy is older than the cache time.
 */
class RegistrationSettingTest {
  private static final Duration CACHE = Duration.ofSeconds(5);

  @TempDir Path tempDir;

  private static RegistrationSetting.Current current(RegistrationSetting setting) {
    return setting.current().toCompletableFuture().join();
  }

  @Test
  void aStoredModeOverridesTheEnvironmentOnEveryNodeWithinTheCacheTime() {
    AtomicLong nanos = new AtomicLong();
    try (HikariDataSource db = MigratedDatabase.fresh(Dialect.H2, tempDir)) {
      RegistrationSetting one = new RegistrationSetting(RegistrationMode.INVITE, new SettingStore(db), Runnable::run, CACHE, nanos::get);
      RegistrationSetting two = new RegistrationSetting(RegistrationMode.OPEN, new SettingStore(db), Runnable::run, CACHE, nanos::get);
      assertEquals(new RegistrationSetting.Current(RegistrationMode.INVITE, false), current(one));
      assertEquals(new RegistrationSetting.Current(RegistrationMode.OPEN, false), current(two));

      one.set(RegistrationMode.CLOSED).toCompletableFuture().join();
      assertEquals(new RegistrationSetting.Current(RegistrationMode.CLOSED, true), current(one), "at once where it was set");
      nanos.addAndGet(CACHE.toNanos() - 1);
      assertEquals(RegistrationMode.OPEN, current(two).mode(), "the other node's copy is still fresh");
      nanos.addAndGet(1);
      assertEquals(new RegistrationSetting.Current(RegistrationMode.CLOSED, true), current(two), "read again once stale");

      two.set(RegistrationMode.OPEN).toCompletableFuture().join();
      nanos.addAndGet(CACHE.toNanos());
      assertEquals(RegistrationMode.OPEN, current(one).mode(), "the later write is what stays");
    }
  }
}
