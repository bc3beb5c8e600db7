package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.LocalCluster;
import dev.parley.persistence.testing.PostgresTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A rolling restart of all three nodes (SIGTERM, start again) under steady load loses nothing. */
class RollingRestartIT {

  @Test
  void rollingRestartUnderLoadLosesNothing() {
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase());
        ChaosRun run = new ChaosRun(cluster, 4, 6)) {
      run.traffic().awaitMoreAcks(100, 60);
      for (int node = 0; node < cluster.size(); node++) {
        cluster.node(node).signal("TERM");
        cluster.node(node).awaitExit(Duration.ofSeconds(60));
        run.traffic().awaitMoreAcks(50, 60);
        cluster.startNode(node);
        cluster.awaitMembers(node, cluster.size());
        run.traffic().awaitMoreAcks(100, 60);
      }
      ChaosRun.Verdict verdict = run.finish("rolling-restart", "nodes=3");
      assertTrue(verdict.clean(), verdict.toString());
    }
  }
}
