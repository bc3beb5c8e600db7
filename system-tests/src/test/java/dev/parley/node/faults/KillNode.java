package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/**
 * {@code kill -9} of one node: a random one, or the one running the most of the load's channels
 * (read from every node's shards just before; a scenario where no node reports any fails rather
 * than kill a node that holds none of them). When every node was up and reachable before, a
 * survivor must have downed the dead node at once because its port refused (ProbedDowning), not the
 * resolver after stable-after: the line it logs shows it.
 */
record KillNode(boolean busiest) implements Nemesis {
  private static final Duration REMOVED = Duration.ofSeconds(60);
  /** The log line reaches the test through the node's output pipe, a moment after the removal. */
  private static final Duration LOGGED = Duration.ofSeconds(5);

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    LocalCluster nodes = cluster.cluster();
    int victim = busiest ? nodes.nodeRunningMost("Channel", traffic.channelIds()) : cluster.randomLiveNode();
    String held = nodes.entitiesOf(victim, "Channel", traffic.channelIds()) + " of the load's " + traffic.channelIds().size() + " channels";
    int witness = (victim + 1) % nodes.size();
    boolean wholeCluster = nodes.wholeAndReachable(witness);
    String downedAtOnce = "Downing unreachable member pekko://parley@" + nodes.clusterAddress(victim) + " at once";
    long downedAtOnceBefore = nodes.outputLinesContaining(downedAtOnce);
    long at = System.nanoTime();
    nodes.node(victim).kill9();
    Fault fault = Fault.failover(at, "kill -9 node " + victim + " (running " + held + ")");
    LocalCluster.awaitCondition(() -> nodes.upMembers(witness) == nodes.size() - 1, REMOVED, "the survivors to remove node " + victim);
    if (wholeCluster) {
      LocalCluster.awaitCondition(
          () -> nodes.outputLinesContaining(downedAtOnce) > downedAtOnceBefore, LOGGED, "a survivor to down node " + victim + " at once (its port refused)");
    }
    Recovery.awaitServing(traffic, at, "kill -9 of node " + victim);
    return Strike.of(fault);
  }
}
