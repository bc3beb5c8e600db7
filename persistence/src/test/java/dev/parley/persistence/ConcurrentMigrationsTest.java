package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.testing.PostgresTestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nodes of a cluster that start together all migrate the one shared PostgreSQL database. */
class ConcurrentMigrationsTest {

  private static final int NODES = 4;
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void nodesStartingTogetherAllSucceedAndApplyEachMigrationOnce() throws Exception {
    DatabaseSettings settings =
        PostgresTestServer.freshDatabase().withPoolSize(DatabaseSettings.MIN_POOL_SIZE);
    List<HikariDataSource> nodes = new ArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(NODES);
    try {
      for (int i = 0; i < NODES; i++) {
        nodes.add(DataSources.create(settings));
      }
      CyclicBarrier start = new CyclicBarrier(NODES);
      List<Future<Integer>> runs = new ArrayList<>();
      for (HikariDataSource node : nodes) {
        runs.add(
            executor.submit(
                () -> {
                  start.await();
                  return Migrations.apply(node, Dialect.POSTGRES);
                }));
      }
      int applied = 0;
      for (Future<Integer> run : runs) {
        applied += run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }

      HikariDataSource any = nodes.get(0);
      assertTrue(applied > 0, "applied " + applied);
      assertEquals(
          applied,
          SqlCount.of(
              any,
              "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
      assertEquals(
          applied, SqlCount.of(any, "SELECT COUNT(DISTINCT version) FROM flyway_schema_history"));
      assertEquals(0, Migrations.apply(any, Dialect.POSTGRES));
    } finally {
      executor.shutdownNow();
      nodes.forEach(HikariDataSource::close);
    }
  }
}
