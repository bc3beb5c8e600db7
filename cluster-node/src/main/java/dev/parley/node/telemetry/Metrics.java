package dev.parley.node.telemetry;

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
 * (the gauges of dev.parley.node.management).
 */
public final class Metrics {
  private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final double MILLIS_PER_SECOND = TimeUnit.SECONDS.toMillis(1);

  public static final PrometheusRegistry REGISTRY = PrometheusRegistry.defaultRegistry;

  /** Posts persisted by Channel entities on this node ({@code rate()} gives posts per second). */
  public static final Counter POSTS =
      Counter.builder().name("parley_posts_total").help("Messages posted and persisted by channels on this node").register();

  /** 1 ms to 5 s: a write takes milliseconds on a healthy database, and seconds only in trouble. */
  private static final double[] WRITE_BOUNDS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5};

  /** From a channel command's arrival to its events being in the journal. */
  public static final Histogram PERSIST_SECONDS =
      Histogram.builder()
          .name("parley_persist_seconds")
          .help("Time from a channel write command to its events being durably in the journal")
          .classicUpperBounds(WRITE_BOUNDS)
          .classicOnly()
          .register();

  /**
   * One journal write of a Channel (a batch of posts or one other event), from persist to its
   * callback: the journal's round trip alone, without the time a post waited for its batch.
   */
  public static final Histogram JOURNAL_WRITE_SECONDS =
      Histogram.builder()
          .name("parley_journal_write_seconds")
          .help("Round trip of one channel journal write (a batch of posts or one event), persist to durable")
          .classicUpperBounds(WRITE_BOUNDS)
          .classicOnly()
          .register();

  /** From a post's timestamp (the channel's clock) to its frame being queued on a live recipient's socket. */
  public static final Histogram DELIVERY_LAG_SECONDS =
      Histogram.builder()
          .name("parley_delivery_lag_seconds")
          .help("Time from a message being posted to its frame being handed to a connected recipient's socket")
          .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
          .classicOnly()
          .register();

  /** Connections cut off because their outgoing queue was full: what was queued for them is dropped. */
  public static final Counter SLOW_CONSUMERS =
      Counter.builder()
          .name("parley_slow_consumer_disconnects_total")
          .help("WebSocket connections closed (4003) because the client read too slowly and its outgoing queue overflowed")
          .register();

  /** Label values of {@link RequestCounter}. */
  static final Counter REQUESTS =
      Counter.builder()
          .name("parley_requests_total")
          .help("Requests answered by this node (WebSocket ops, /v1/api/<op>, /v1/auth/*, /v1/search), by op and outcome (ok or the error code)")
          .labelNames("op", "outcome")
          .register();

  /** Label values of {@link AuthFailure}. */
  static final Counter AUTH_FAILURES =
      Counter.builder()
          .name("parley_auth_failures_total")
          .help("Logins and tokens this node refused, by reason")
          .labelNames("reason")
          .register();

  /** Label values of {@link RateLimitScope}. */
  static final Counter RATE_LIMITED =
      Counter.builder()
          .name("parley_rate_limited_total")
          .help("Requests refused by a rate limit or budget (rate_limited, 429), by the limit that refused them")
          .labelNames("scope")
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
    PERSIST_SECONDS.observe(secondsSince(startedNanos));
  }

  public static void journalWritten(long startedNanos) {
    JOURNAL_WRITE_SECONDS.observe(secondsSince(startedNanos));
  }

  /** Clocks of two nodes may disagree a little: a post from the future was delivered at once. */
  public static void delivered(long postedMillis, long nowMillis) {
    DELIVERY_LAG_SECONDS.observe(Math.max(0, nowMillis - postedMillis) / MILLIS_PER_SECOND);
  }

  private static double secondsSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / NANOS_PER_SECOND;
  }
}
