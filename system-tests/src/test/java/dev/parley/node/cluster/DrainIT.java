package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ClusterSetup;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Graceful leave: {@code POST /v1/admin/drain} on the management port (operator token only) and
 * SIGTERM make a node tell its clients {@code draining}, close them with 4004 and leave the
 * cluster; the clients finish on the other nodes, and nothing acknowledged is lost.
 */
class DrainIT {
  /** A JVM ended by SIGTERM exits with 128 + 15 once its shutdown hooks (the drain) have run. */
  private static final int SIGTERM_EXIT = 143;

  @Test
  void drainedAndTerminatedNodesHandTheirClientsToTheOthers() throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase())) {
      ClusterSetup setup = ClusterSetup.create(cluster, 3, 3);
      assertEquals(401, cluster.admin(1, "drain", null));
      assertEquals(401, cluster.admin(1, "drain", setup.owner().accessToken()));

      try (WsClient watcher = WsClient.authenticated(cluster.node(1).wsUrl(), setup.members().get(0).accessToken());
          Traffic traffic =
              new Traffic(setup.members(), setup.channelIds(), cluster::liveWsUrl).start()) {
        traffic.awaitMoreAcks(100, 60);
        assertEquals(202, cluster.admin(1, "drain", LocalCluster.ADMIN_TOKEN));
        watcher.awaitEvent("draining", d -> true);
        assertEquals(4004, watcher.awaitClose());
        assertEquals(0, cluster.node(1).awaitExit(Duration.ofSeconds(60)));
        cluster.awaitMembers(0, 2);
        traffic.awaitMoreAcks(100, 60);

        cluster.node(2).signal("TERM");
        assertEquals(SIGTERM_EXIT, cluster.node(2).awaitExit(Duration.ofSeconds(60)));
        assertTrue(cluster.node(2).output().stream().anyMatch(line -> line.contains("Draining")), "SIGTERM did not drain");
        cluster.awaitMembers(0, 1);
        traffic.awaitMoreAcks(100, 60);
        traffic.close();
        PostChecker.Result result;
        try (WsClient reader = WsClient.authenticated(cluster.node(0).wsUrl(), setup.owner().accessToken())) {
          result = PostChecker.check(reader, setup.channelIds(), traffic.acks());
        }
        System.out.println("drain: " + result);
        assertTrue(result.clean(), result.toString());
      }
    }
  }
}
