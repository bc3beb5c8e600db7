package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/**
 * SIGSTOP of the node running the most of the load's channels, for longer than failure detection
 * plus the split-brain resolver's stable-after, then SIGCONT: the majority has downed it, so on
 * waking it must find itself removed and shut down rather than write again. When every node was up
 * and reachable before, a survivor must have downed it stable-after after it became unreachable
 * (ProbedDowning: its port accepts, it answers no heartbeat), not at the resolver's next tick: the
 * line it logs shows it.
 */
record PauseNode(Duration paused) implements Nemesis {
  private static final Duration EXIT_AFTER_RESUME = Duration.ofSeconds(60);
  /** The log line reaches the test through the node's output pipe, a moment after the removal. */
  private static final Duration LOGGED = Duration.ofSeconds(5);

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    LocalCluster nodes = cluster.cluster();
    int victim = nodes.nodeRunningMost("Channel", traffic.channelIds());
    int held = nodes.entitiesOf(victim, "Channel", traffic.channelIds());
    int witness = (victim + 1) % nodes.size();
    boolean wholeCluster = nodes.wholeAndReachable(witness);
    String downedFrozen = "Downing unreachable member pekko://parley@" + nodes.clusterAddress(victim) + ": frozen";
    long downedFrozenBefore = nodes.outputLinesContaining(downedFrozen);
    long at = System.nanoTime();
    nodes.node(victim).signal("STOP");
    Fault fault = Fault.failover(at, "SIGSTOP node " + victim + " (running " + held + " of the load's channels) for " + paused.toSeconds() + "s");
    try {
      LocalCluster.awaitCondition(
          () -> nodes.upMembers(witness) == nodes.size() - 1, Duration.ofSeconds(60), "the majority to down node " + victim);
      if (wholeCluster) {
        LocalCluster.awaitCondition(
            () -> nodes.outputLinesContaining(downedFrozen) > downedFrozenBefore, LOGGED, "a survivor to down frozen node " + victim + " after stable-after");
      }
      Recovery.awaitServing(traffic, at, "SIGSTOP of node " + victim);
      long resumeAt = at + paused.toNanos();
      LocalCluster.awaitCondition(() -> System.nanoTime() >= resumeAt, paused.plusSeconds(5), "the pause to last " + paused);
    } finally {
      // A failed wait must not leave the node frozen: healing the cluster would wait on it forever.
      nodes.node(victim).signal("CONT");
    }
    nodes.node(victim).awaitExit(EXIT_AFTER_RESUME);
    return Strike.of(fault);
  }
}
