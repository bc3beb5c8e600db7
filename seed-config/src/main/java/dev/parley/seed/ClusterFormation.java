package dev.parley.seed;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * How a node finds its cluster. With no seed nodes it forms a cluster of its own; with static
 * seed nodes ({@code host:port}, the Artery addresses of other nodes) it joins them, and the first
 * seed that lists itself first forms the cluster when none is up yet.
 */
public final class ClusterFormation {
  private ClusterFormation() {}

  public static void join(ActorSystem<?> system, List<String> seedNodes) {
    Cluster cluster = Cluster.get(system);
    if (seedNodes.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      return;
    }
    List<Address> seeds = new ArrayList<>();
    for (String node : seedNodes) {
      int colon = node.lastIndexOf(':');
      seeds.add(
          new Address(
              "pekko", system.name(), node.substring(0, colon), Integer.parseInt(node.substring(colon + 1))));
    }
    cluster.manager().tell(new JoinSeedNodes(seeds));
  }
}
