package dev.parley.node.ops;

import dev.parley.protocol.BuildInfo;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The node's Prometheus metrics, served at {@code /metrics} on the management port. Counters and
 * histograms are updated where things happen; gauges read node state when scraped
 * ({@link NodeGauges}).
 */
public final class Metrics {
  private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  public static final PrometheusRegistry REGISTRY = PrometheusRegistry.defaultRegistry;

  /** Posts persisted by Channel entities on this node ({@code rate()} gives posts per second). */
  public static final Counter POSTS =
      Counter.builder().name("parley_posts_total").help("Messages posted and persisted by channels on this node").register();

  /** From a channel command's arrival to its events being in the journal. */
  public static final Histogram PERSIST_SECONDS =
      Histogram.builder()
          .name("parley_persist_seconds")
          .help("Time from a channel write command to its events being durably in the journal")
          .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5)
          .register();

  /**
   * Channel entities started on this node, each by a read of its journal: entities passivated and
   * asked for again, or asks for ids that name no channel (which the edge remembers for a while).
   */
  public static final Counter CHANNEL_RECOVERIES =
      Counter.builder()
          .name("parley_channel_recoveries_total")
          .help("Channel entities started on this node, each reading its journal (snapshot and events)")
          .register();

  /** WebSocket upgrades refused before a socket was opened, by why: node full, or one address's caps. */
  public static final Counter SOCKETS_REFUSED =
      Counter.builder()
          .name("parley_websocket_refused_total")
          .help("WebSocket upgrades refused: node_full (the node's cap), address or address_unauthenticated (one client address's caps)")
          .labelNames("reason")
          .register();

  static {
    JvmMetrics.builder().register(REGISTRY);
    // parley_build_info{version,commit} 1: which build each node runs, e.g. during a rolling upgrade.
    Info.builder()
        .name("parley_build_info")
        .help("The build this node runs (GET /v1/version)")
        .labelNames("version", "commit")
        .register(REGISTRY)
        .addLabelValues(BuildInfo.CURRENT.version(), BuildInfo.CURRENT.commit());
  }

  private Metrics() {}

  public static void persisted(long startedNanos) {
    PERSIST_SECONDS.observe((System.nanoTime() - startedNanos) / NANOS_PER_SECOND);
  }
}
