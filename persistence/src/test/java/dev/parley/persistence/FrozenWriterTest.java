package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.testing.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node frozen in the middle of a write (SIGSTOP) holds its transaction open. PostgreSQL must end
 * that session soon, or the node that took over its entities waits on the frozen one's row locks
 * forever.
 */
class FrozenWriterTest {
  private static final String INSERT = "INSERT INTO parley_setting (name, \"value\") VALUES (?, ?)";

  @Test
  void aTransactionLeftOpenIsEndedAndNoLongerBlocksOthers() throws Exception {
    DatabaseSettings database = PostgresTestServer.freshDatabase();
    try (HikariDataSource frozenNode = DataSources.create(database);
        HikariDataSource successor = DataSources.create(database)) {
      Migrations.apply(frozenNode, Dialect.POSTGRES);
      Connection frozen = frozenNode.getConnection();
      frozen.setAutoCommit(false);
      try (PreparedStatement insert = frozen.prepareStatement(INSERT)) {
        insert.setString(1, "k");
        insert.setString(2, "from the frozen node");
        insert.executeUpdate();
      }

      long started = System.nanoTime();
      CompletableFuture<Integer> takeOver =
          CompletableFuture.supplyAsync(
              () -> {
                try (Connection connection = successor.getConnection();
                    PreparedStatement insert = connection.prepareStatement(INSERT)) {
                  insert.setString(1, "k");
                  insert.setString(2, "from the successor");
                  return insert.executeUpdate();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      Duration limit = Dialect.IDLE_IN_TRANSACTION_TIMEOUT.multipliedBy(3);
      assertEquals(1, takeOver.get(limit.toMillis(), TimeUnit.MILLISECONDS));
      assertTrue(System.nanoTime() - started >= Dialect.IDLE_IN_TRANSACTION_TIMEOUT.toNanos() / 2, "the successor did wait");
      assertThrows(SQLException.class, frozen::commit, "the frozen node's transaction was ended");
      frozen.close();
    }
  }
}
