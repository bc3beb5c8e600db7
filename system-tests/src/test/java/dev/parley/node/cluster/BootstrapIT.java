package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.LocalCluster;
import dev.parley.persistence.testing.PostgresTestServer;
import org.junit.jupiter.api.Test;

/**
 * Three nodes started at once, none told who forms the cluster, find each other through Pekko
 * Management Cluster Bootstrap (the code path of dns and kubernetes-api discovery, here fed by
 * the config discovery method) and form exactly one cluster.
 */
class BootstrapIT {

  @Test
  void nodesStartedTogetherFormOneClusterThroughBootstrap() {
    try (LocalCluster cluster = LocalCluster.startWithBootstrap(3, PostgresTestServer.freshDatabase())) {
      for (int i = 0; i < cluster.size(); i++) {
        cluster.awaitMembers(i, 3);
        assertEquals(3, cluster.upMembers(i));
      }
    }
  }
}
