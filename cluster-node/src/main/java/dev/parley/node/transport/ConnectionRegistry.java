package dev.parley.node.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * This node's open WebSocket connections: counted for metrics, and told to leave when the node
 * drains. Thread-safe: written by connection actors, read by HTTP routes and metrics.
 */
public final class ConnectionRegistry {
  private final Map<ActorRef<Connection.Command>, Outbox> connections = new ConcurrentHashMap<>();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private volatile boolean draining;

  void register(ActorRef<Connection.Command> connection, Outbox outbox) {
    connections.put(connection, outbox);
  }

  void unregister(ActorRef<Connection.Command> connection) {
    connections.remove(connection);
    if (draining && connections.isEmpty()) {
      drained.complete(Done.getInstance());
    }
  }

  public int size() {
    return connections.size();
  }

  /** Frames waiting in all outgoing buffers: how far delivery lags behind on this node. */
  public long queuedFrames() {
    long queued = 0;
    for (Outbox outbox : connections.values()) {
      queued += outbox.queued();
    }
    return queued;
  }

  public boolean isDraining() {
    return draining;
  }

  /**
   * Tells every connection that this node is leaving ({@code draining}, then close 4004) and
   * refuses new ones; completes when all are closed.
   */
  public CompletionStage<Done> drain() {
    draining = true;
    connections.keySet().forEach(connection -> connection.tell(Connection.Drain.INSTANCE));
    if (connections.isEmpty()) {
      drained.complete(Done.getInstance());
    }
    return drained;
  }
}
