package dev.parley.node.read.search;

import dev.parley.node.telemetry.Metrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.time.Clock;
import java.time.Duration;

/**
 * How far the search index trails the journal, as of the projection's last step: exported only by
 * the node that runs the projection (elsewhere the gauges have no sample). Registered once per JVM;
 * they read whichever node's projection reported last (one, outside tests).
 */
final class ProjectionGauges {
  private static final double MILLIS_PER_SECOND = Duration.ofSeconds(1).toMillis();
  private static final Clock CLOCK = Clock.systemUTC();

  /** Null when no projection runs in this JVM. */
  private static volatile SearchProjector.Progress last;

  static {
    GaugeWithCallback.builder()
        .name("parley_search_projection_lag_seconds")
        .help("Age of the oldest journal event the search projection has not applied yet; 0 when caught up")
        .callback(
            cb -> {
              SearchProjector.Progress progress = last;
              if (progress != null) {
                long oldest = progress.oldestPendingMillis().orElse(CLOCK.millis());
                cb.call(Math.max(0, CLOCK.millis() - oldest) / MILLIS_PER_SECOND);
              }
            })
        .register(Metrics.REGISTRY);
    GaugeWithCallback.builder()
        .name("parley_search_projection_events_behind")
        .help("Highest journal ordering minus the search projection's stored offset")
        .callback(
            cb -> {
              SearchProjector.Progress progress = last;
              if (progress != null) {
                cb.call(progress.behind());
              }
            })
        .register(Metrics.REGISTRY);
  }

  private ProjectionGauges() {}

  static void report(SearchProjector.Progress progress) {
    last = progress;
  }

  static void stopped() {
    last = null;
  }
}
