package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/** Waits shared by the nemeses: for the cluster to serve every channel again. */
final class Recovery {
  /** Far beyond the ≤ 10 s failover target: past this, the scenario has failed anyway. */
  static final Duration SERVING_AGAIN = Duration.ofSeconds(90);

  private Recovery() {}

  /** Until every channel acknowledged a post after {@code sinceNanos}. */
  static void awaitServing(Traffic traffic, long sinceNanos, String after) {
    LocalCluster.awaitCondition(
        () -> Double.isFinite(traffic.longestStallAfterMillis(sinceNanos)),
        SERVING_AGAIN,
        "every channel to accept posts again after " + after);
  }
}
