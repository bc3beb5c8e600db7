package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of one node of three under steady load from connections spread over all nodes: its
 * clients reconnect to the survivors, its channels accept posts again, and no acknowledged post is
 * lost or duplicated. {@code -Dparley.failover.rounds=N} kills N times (one node after another).
 */
class FailoverIT {
  private static final int ROUNDS = Integer.getInteger("parley.failover.rounds", 1);
  private static final int CHANNELS = 6;
  private static final int WRITERS = 6;

  @Test
  void killedNodeFailsOverWithoutLosingAcknowledgedPosts() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase())) {
      ClusterSetup setup = ClusterSetup.create(cluster, CHANNELS, WRITERS);
      List<Double> stalls = new ArrayList<>();
      PostChecker.Result result;
      try (Traffic traffic =
          new Traffic(setup.members(), setup.channelIds(), cluster::liveWsUrl).start()) {
        traffic.awaitMoreAcks(200, 60);
        for (int round = 0; round < ROUNDS; round++) {
          int victim = round % cluster.size();
          long killedAt = System.nanoTime();
          cluster.node(victim).kill9();
          LocalCluster.awaitCondition(
              () -> Double.isFinite(traffic.longestStallAfterMillis(killedAt)),
              java.time.Duration.ofSeconds(60),
              "every channel to accept posts again after killing node " + victim);
          stalls.add(traffic.longestStallAfterMillis(killedAt));
          cluster.startNode(victim);
          cluster.awaitMembers(victim, cluster.size());
          traffic.awaitMoreAcks(200, 60);
        }
        traffic.close();
        try (WsClient reader = WsClient.authenticated(cluster.node(0).wsUrl(), setup.owner().accessToken())) {
          result = PostChecker.check(reader, setup.channelIds(), traffic.acks());
        }
        String report =
            String.format(
                "failover: rounds=%d stalls-ms=%s median-ms=%.0f max-ms=%.0f reconnects=%d checker: %s",
                ROUNDS, stalls, median(stalls), stalls.stream().mapToDouble(d -> d).max().orElse(0), traffic.reconnects(), result);
        System.out.println(report);
        Files.writeString(Path.of("target", "failover.txt"), report + System.lineSeparator());
      }
      assertTrue(result.clean(), result.toString());
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
