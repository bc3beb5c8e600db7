package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.LocalCluster;
import dev.parley.persistence.testing.PostgresTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one node of three under steady load from connections spread over all nodes: its
 * clients reconnect to the survivors, its channels accept posts again, no acknowledged post is lost
 * or duplicated, and every receiver sees every event once, in order.
 * Each round kills the node running the most channels. {@code -Dparley.failover.rounds=N} kills
 * N times.
 */
class FailoverIT {
  private static final int ROUNDS = Integer.getInteger("parley.failover.rounds", 1);

  @Test
  void killedNodeFailsOverWithoutLosingAcknowledgedPosts() {
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase());
        ChaosRun run = new ChaosRun(cluster, 6, 6)) {
      List<Double> stalls = new ArrayList<>();
      run.traffic().awaitMoreAcks(200, 60);
      for (int round = 0; round < ROUNDS; round++) {
        int victim = cluster.busiestNode("Channel");
        long killedAt = System.nanoTime();
        cluster.node(victim).kill9();
        LocalCluster.awaitCondition(
            () -> Double.isFinite(run.traffic().longestStallAfterMillis(killedAt)),
            Duration.ofSeconds(60),
            "every channel to accept posts again after killing node " + victim);
        stalls.add(run.traffic().longestStallAfterMillis(killedAt));
        cluster.startNode(victim);
        cluster.awaitMembers(victim, cluster.size());
        run.traffic().awaitMoreAcks(200, 60);
      }
      ChaosRun.Verdict verdict =
          run.finish(
              "failover",
              String.format(
                  "rounds=%d stalls-ms=%s median-ms=%.0f max-ms=%.0f",
                  ROUNDS, stalls, median(stalls), stalls.stream().mapToDouble(d -> d).max().orElse(0)));
      assertTrue(verdict.clean(), verdict.toString());
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
