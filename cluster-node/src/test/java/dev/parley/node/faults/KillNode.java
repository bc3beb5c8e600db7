package dev.parley.node.faults;

import dev.parley.node.testing.Traffic;

/** {@code kill -9} of one node: a random one, or the one running the most channels. */
record KillNode(boolean busiest) implements Nemesis {

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    int victim = busiest ? cluster.cluster().busiestNode("Channel") : cluster.randomLiveNode();
    long at = System.nanoTime();
    cluster.cluster().node(victim).kill9();
    Recovery.awaitServing(traffic, at, "kill -9 of node " + victim);
    return Strike.at(at, "kill -9 node " + victim);
  }
}
