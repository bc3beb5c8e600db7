package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/** Waits shared by the nemeses: for the cluster to serve every channel again. */
final class Recovery {
  /**
   * The longest any channel may go without an acknowledged post across a {@code kill -9} or a
   * SIGSTOP of one node (issue 22; docs/reliability.md): from its last ack before the fault to its
   * first ack after it, as a client that retries with a backoff capped at 1 s sees it.
   */
  static final Duration FAILOVER_BOUND = FaultSettings.failoverBound();

  /** Far beyond the failover bound: past this, the scenario has failed anyway. */
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
