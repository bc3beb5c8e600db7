package dev.parley.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Work on one connection of a pool, auto-committed or as one transaction, run on a blocking
 * executor so that JDBC never holds an actor thread; what it throws fails the stage. The tables'
 * stores share it.
 */
public final class PooledJdbc {

  /** What runs on the connection. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final Executor blocking;

  public PooledJdbc(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  public <T> CompletionStage<T> run(Work<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        },
        blocking);
  }

  /** {@code work} as one transaction: committed when it returns, rolled back when it throws. */
  public <T> CompletionStage<T> inTransaction(Work<T> work) {
    return run(connection -> transaction(connection, work));
  }

  /** As {@link #inTransaction}, on a connection the caller holds, for work already off the actor threads. */
  public static <T> T transaction(Connection connection, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }
}
