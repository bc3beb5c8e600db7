package dev.parley.node.management;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Readiness check for Pekko Management's {@code /ready}: the node started (so its migrations were
 * applied), is not draining, and its database answers. Cluster membership (Up) is checked by
 * Pekko Management's own cluster-membership check.
 */
public final class DatabaseReadiness implements Supplier<CompletionStage<Boolean>> {
  private static final int VALID_TIMEOUT_SECONDS = 2;

  private final NodeState state;
  private final Executor blocking;

  public DatabaseReadiness(ActorSystem system) {
    var typed = Adapter.toTyped(system);
    this.state = NodeState.get(typed);
    this.blocking = typed.dispatchers().lookup(DispatcherSelector.fromConfig("parley.blocking-dispatcher"));
  }

  @Override
  public CompletionStage<Boolean> get() {
    DataSource dataSource = state.dataSource();
    if (dataSource == null || state.connections().isDraining()) {
      return CompletableFuture.completedFuture(false);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALID_TIMEOUT_SECONDS);
          } catch (SQLException e) {
            return false;
          }
        },
        blocking);
  }
}
