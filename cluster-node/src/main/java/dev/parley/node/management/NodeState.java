package dev.parley.node.management;

import dev.parley.node.transport.ConnectionRegistry;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * What this node's operator endpoints read: its database pool, its connections and the operator
 * API. A Pekko extension, because Pekko Management creates health checks and routes by reflection.
 */
public final class NodeState implements Extension {
  private volatile DataSource dataSource;
  private volatile ConnectionRegistry connections;
  private volatile AdminApi admin;

  public static final class Id extends ExtensionId<NodeState> {
    private static final Id INSTANCE = new Id();

    @Override
    public NodeState createExtension(ActorSystem<?> system) {
      return new NodeState();
    }
  }

  public static NodeState get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** Called once at start, after the migrations were applied and before Pekko Management starts. */
  public void started(DataSource dataSource, ConnectionRegistry connections, AdminApi admin) {
    this.dataSource = dataSource;
    this.connections = connections;
    this.admin = admin;
  }

  /** Null until the node started (so not ready). */
  DataSource dataSource() {
    return dataSource;
  }

  ConnectionRegistry connections() {
    return connections;
  }

  AdminApi admin() {
    return admin;
  }
}
