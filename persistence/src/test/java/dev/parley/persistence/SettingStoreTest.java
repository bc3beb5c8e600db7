package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SettingStoreTest {

  private static final int NODES = 8;
  private static final long TIMEOUT_SECONDS = 30;

  /**
   * How long a node's candidate waits for the other nodes' candidates. They all arrive at once when
   * every node has looked and found nothing; the bound only matters if they never do.
   */
  private static final long CANDIDATES_TIMEOUT_SECONDS = 5;

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void keepsTheFirstValueAndDoesNotAskForAnother(Dialect dialect) throws Exception {
    try (HikariDataSource dataSource = migrated(TestDatabases.fresh(dialect, tempDir))) {
      SettingStore store = new SettingStore(dataSource);

      assertEquals("first", store.getOrCreate("token-secret", () -> "first"));
      assertEquals(
          "first", store.getOrCreate("token-secret", () -> fail("asked for a second value")));
      assertEquals("other", store.getOrCreate("other-setting", () -> "other"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void nodesCreatingTheSameSettingAtOnceAllGetOneValue(Dialect dialect) throws Exception {
    DatabaseSettings settings =
        TestDatabases.fresh(dialect, tempDir).withPoolSize(DatabaseSettings.MIN_POOL_SIZE);
    migrated(settings).close();
    List<HikariDataSource> nodes = new ArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(NODES);
    try {
      for (int i = 0; i < NODES; i++) {
        nodes.add(DataSources.create(settings));
      }
      CyclicBarrier start = new CyclicBarrier(NODES);
      // Holding each candidate back until all nodes have one makes every insert but one collide,
      // instead of leaving the collision to thread timing.
      CountDownLatch candidates = new CountDownLatch(NODES);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        SettingStore store = new SettingStore(nodes.get(i));
        String candidate = "secret-of-node-" + i;
        results.add(
            executor.submit(
                () -> {
                  start.await();
                  return store.getOrCreate(
                      "token-secret",
                      () -> {
                        candidates.countDown();
                        awaitOthers(candidates);
                        return candidate;
                      });
                }));
      }
      Set<String> values = new HashSet<>();
      for (Future<String> result : results) {
        values.add(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      }

      assertEquals(1, values.size(), values.toString());
      String value = values.iterator().next();
      assertEquals(value, new SettingStore(nodes.get(0)).getOrCreate("token-secret", () -> "late"));
      assertEquals(1, SqlCount.of(nodes.get(0), "SELECT COUNT(*) FROM parley_setting"));
    } finally {
      executor.shutdownNow();
      nodes.forEach(HikariDataSource::close);
    }
  }

  private static void awaitOthers(CountDownLatch candidates) {
    try {
      candidates.await(CANDIDATES_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HikariDataSource migrated(DatabaseSettings settings) {
    HikariDataSource dataSource = DataSources.create(settings);
    try {
      Migrations.apply(dataSource, settings.dialect());
      return dataSource;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }
}
