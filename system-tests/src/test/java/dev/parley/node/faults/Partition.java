package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;
import java.util.stream.IntStream;

/**
 * Real packet loss between nodes. Full: one node is cut off from the others both ways (it still
 * reaches clients and PostgreSQL, so it could go on writing if nothing stopped it). Asymmetric: one
 * node's packets to another are dropped while the reverse direction flows. Either way the scenario
 * fails unless the cut took effect: the majority downs the isolated node; the third node sees at
 * least one of the two that cannot talk downed (the resolver's answer to nodes it finds indirectly
 * connected).
 */
record Partition(boolean asymmetric, Duration held) implements Nemesis {
  private static final Duration DOWNED = Duration.ofSeconds(60);

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    LocalCluster nodes = cluster.cluster();
    int victim = cluster.randomLiveNode();
    long at = System.nanoTime();
    String details;
    if (asymmetric) {
      int other = (victim + 1 + cluster.random().nextInt(nodes.size() - 1)) % nodes.size();
      cluster.firewall().drop(nodes.host(victim), nodes.host(other));
      int third = IntStream.range(0, nodes.size()).filter(i -> i != victim && i != other).findFirst().orElseThrow();
      LocalCluster.awaitCondition(
          () -> {
            int up = nodes.upMembers(third);
            return up >= 0 && up < nodes.size();
          },
          held,
          "node " + third + " to see node " + victim + " or node " + other + " downed, as the two cannot talk");
      details = "node " + victim + " cannot reach node " + other + " for " + held.toSeconds() + "s";
    } else {
      cluster.firewall().isolate(nodes.host(victim), cluster.hostsExcept(victim));
      int witness = (victim + 1) % nodes.size();
      LocalCluster.awaitCondition(
          () -> nodes.upMembers(witness) == nodes.size() - 1, DOWNED, "the majority to down the isolated node " + victim);
      details = "node " + victim + " isolated for " + held.toSeconds() + "s";
    }
    long healAt = at + held.toNanos();
    LocalCluster.awaitCondition(() -> System.nanoTime() >= healAt, held.plusSeconds(5), "the partition to last " + held);
    Recovery.awaitServing(traffic, at, details);
    cluster.firewall().heal();
    return Strike.at(at, details);
  }
}
