package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/**
 * A node that is slow, not dead, which the cluster must keep (the one running the most of the
 * load's channels, so that a mistaken downing would show): it is frozen (SIGSTOP) for {@code
 * freeze} at a time, as a long stop-the-world GC pause would, {@code freezes} times with {@code
 * between} of work after each; then starved of CPU for {@code starved} (stopped 2 ms of every 3, as
 * under a reconnect storm on a shared machine). No member may be downed meanwhile or in the
 * resolver's decision time after, the node must still run, and no channel may stall longer than
 * after a kill.
 */
record SlowNode(Duration freeze, int freezes, Duration between, Duration starved) implements Nemesis {
  private static final Duration STARVED_STOP = Duration.ofMillis(200);
  private static final Duration STARVED_RUN = Duration.ofMillis(100);
  /** Longer than stable-after plus the resolver's once-a-second tick: a downing would have come. */
  private static final Duration DECISION_TIME = Duration.ofSeconds(4);

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    LocalCluster nodes = cluster.cluster();
    int victim = nodes.nodeRunningMost("Channel", traffic.channelIds());
    int witness = (victim + 1) % nodes.size();
    long at = System.nanoTime();
    Fault fault =
        Fault.failover(
            at,
            String.format(
                "node %d frozen %d times for %d ms, then starved (stopped %d of every %d ms) for %d s",
                victim, freezes, freeze.toMillis(), STARVED_STOP.toMillis(), STARVED_STOP.plus(STARVED_RUN).toMillis(), starved.toSeconds()));
    for (int i = 0; i < freezes; i++) {
      stopFor(nodes, victim, freeze);
      FaultCluster.pause(between);
      assertKept(nodes, victim, witness, "freeze " + (i + 1));
    }
    long starvedUntil = System.nanoTime() + starved.toNanos();
    while (System.nanoTime() < starvedUntil) {
      stopFor(nodes, victim, STARVED_STOP);
      FaultCluster.pause(STARVED_RUN);
    }
    assertKept(nodes, victim, witness, "the starvation");
    FaultCluster.pause(DECISION_TIME);
    assertKept(nodes, victim, witness, DECISION_TIME.toSeconds() + " s after the starvation");
    return Strike.of(fault);
  }

  private static void stopFor(LocalCluster nodes, int victim, Duration duration) {
    nodes.node(victim).signal("STOP");
    try {
      FaultCluster.pause(duration);
    } finally {
      nodes.node(victim).signal("CONT");
    }
  }

  private static void assertKept(LocalCluster nodes, int victim, int witness, String after) {
    if (!nodes.node(victim).isAlive()) {
      throw new AssertionError("slow node " + victim + " stopped running after " + after);
    }
    int up = nodes.upMembers(witness);
    if (up != nodes.size()) {
      throw new AssertionError("node " + witness + " sees " + up + " of " + nodes.size() + " members Up after " + after + ": slow node " + victim + " was downed");
    }
  }
}
