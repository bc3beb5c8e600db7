package dev.parley.node.management;

import dev.parley.node.telemetry.Metrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges read when Prometheus scrapes: open connections, frames waiting in outgoing buffers, and
 * entities and shards per type (as last counted by {@link EntityCensus}). Registered once per JVM;
 * they read whichever node started last in this JVM (one, outside tests).
 */
final class NodeGauges {
  static final Map<String, Integer> ENTITIES = new ConcurrentHashMap<>();
  static final Map<String, Integer> SHARDS = new ConcurrentHashMap<>();
  private static volatile NodeState current;

  static {
    GaugeWithCallback.builder()
        .name("parley_connections")
        .help("Open WebSocket connections on this node")
        .callback(cb -> cb.call(current == null ? 0 : current.connections().size()))
        .register(Metrics.REGISTRY);
    GaugeWithCallback.builder()
        .name("parley_outgoing_queued_frames")
        .help("Frames waiting in this node's per-connection outgoing buffers (fan-out queue depth)")
        .callback(cb -> cb.call(current == null ? 0 : current.connections().queuedFrames()))
        .register(Metrics.REGISTRY);
    GaugeWithCallback.builder()
        .name("parley_entities")
        .help("Sharded entities running on this node, by type")
        .labelNames("type")
        .callback(cb -> ENTITIES.forEach((type, count) -> cb.call(count, type)))
        .register(Metrics.REGISTRY);
    GaugeWithCallback.builder()
        .name("parley_shards")
        .help("Shards hosted by this node's shard region, by entity type")
        .labelNames("type")
        .callback(cb -> SHARDS.forEach((type, count) -> cb.call(count, type)))
        .register(Metrics.REGISTRY);
  }

  private NodeGauges() {}

  static void follow(NodeState state) {
    current = state;
  }
}
