package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every node in turn stopped gracefully (SIGTERM: it drains) and started again, as in an upgrade. */
record RollingRestart() implements Nemesis {
  private static final Duration DRAINED = Duration.ofSeconds(60);
  private static final int ACKS_BETWEEN = 50;
  private static final int ACKS_TIMEOUT_SECONDS = 60;

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    LocalCluster nodes = cluster.cluster();
    List<Long> stops = new ArrayList<>();
    for (int node = 0; node < nodes.size(); node++) {
      stops.add(System.nanoTime());
      nodes.node(node).signal("TERM");
      nodes.node(node).awaitExit(DRAINED);
      traffic.awaitMoreAcks(ACKS_BETWEEN, ACKS_TIMEOUT_SECONDS);
      nodes.startNode(node);
      nodes.awaitMembers(node, nodes.size());
      traffic.awaitMoreAcks(ACKS_BETWEEN, ACKS_TIMEOUT_SECONDS);
    }
    return new Strike(
        stops.stream().map(at -> Nemesis.Fault.unbounded(at, "SIGTERM")).toList(), "SIGTERM and restart of each of " + nodes.size() + " nodes");
  }
}
