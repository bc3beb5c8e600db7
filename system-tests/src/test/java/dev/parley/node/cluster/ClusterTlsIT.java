package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.node.testing.ClusterCertificates;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import dev.parley.persistence.testing.PostgresTestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS between nodes (certificates from {@code scripts/cluster-certs.sh}): two nodes with
 * certificates from the cluster's CA form a cluster. Two outsiders then try to join through the
 * same seed and never become members: one whose certificate the cluster's CA did not sign (it
 * trusts that CA, so it accepts the nodes' certificates, but they refuse its own), and one
 * speaking plain TCP.
 *
 * <p>Artery opens a connection each way, so the seed's own check of the outsider's certificate,
 * as a TLS client, would already keep it from joining. What mutual authentication adds is that
 * the outsider's own connection is refused too, so nothing it sends reaches an actor: hence the
 * handshake failure asserted on its side (with {@code require-mutual-authentication = off} that
 * assertion fails while the outsider still never joins).
 */
class ClusterTlsIT {
  /** How long the outsiders may take to start and to report that joining failed. */
  private static final Duration OUTSIDERS_TRIED = Duration.ofSeconds(60);
  /** Watched this much longer after they reported it (after two attempts each): one more attempt. */
  private static final Duration WATCHED_AFTER = Duration.ofSeconds(6);
  private static final String JOIN_FAILED = "Couldn't join seed nodes";

  @TempDir Path dir;

  /** A node that is not one of the cluster's, on its own loopback address and embedded database. */
  private record Outsider(NodeProcess node, String address, String membersUrl) implements AutoCloseable {
    static Outsider launch(LocalCluster cluster, String host, Map<String, String> tls, Path dataDir) {
      int clusterPort = TestNode.freePort();
      int managementPort = TestNode.freePort();
      Map<String, String> env = new HashMap<>(tls);
      env.put("PARLEY_HTTP_HOST", host);
      env.put("PARLEY_CLUSTER_HOST", host);
      env.put("PARLEY_CLUSTER_PORT", String.valueOf(clusterPort));
      env.put("PARLEY_MANAGEMENT_PORT", String.valueOf(managementPort));
      env.put("PARLEY_DATA_DIR", dataDir.toString());
      env.put("PARLEY_SEED_NODES", cluster.clusterAddress(0));
      return new Outsider(
          NodeProcess.launch(env, TestNode.freePort()),
          host + ":" + clusterPort,
          "http://" + host + ":" + managementPort + "/cluster/members");
    }

    boolean said(String text) {
      return node.output().stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
      node.close();
    }
  }

  @Test
  void onlyNodesWithACertificateFromTheClusterCaJoin() {
    Path ours = dir.resolve("cluster-ca");
    Path theirs = dir.resolve("outsider");
    ClusterCertificates.make(ours, "node-0", "node-1");
    ClusterCertificates.selfSigned(theirs, "outsider");

    try (LocalCluster cluster =
        LocalCluster.startWithNodeEnv(
            2, PostgresTestServer.freshDatabase(), i -> ClusterCertificates.env(ours, "node-" + i, ours))) {
      cluster.awaitMembers(1, 2);
      assertEquals(2, cluster.outputLinesContaining("(seeds, mutual TLS)"), "both nodes run the TLS transport");

      Outsider forged = Outsider.launch(cluster, "127.0.0.21", ClusterCertificates.env(theirs, "outsider", ours), dir.resolve("forged"));
      Outsider plain = Outsider.launch(cluster, "127.0.0.22", Map.of(), dir.resolve("plain"));
      try (forged; plain) {
        watchOutsidersFail(cluster, List.of(forged, plain));
        assertTrue(
            forged.node().output().stream()
                .anyMatch(line -> line.contains("SSLHandshakeException") && line.contains(cluster.clusterAddress(0))),
            "the seed refuses the forged node's own connections in the TLS handshake, so none of its messages arrive");
      }
      assertEquals(2, cluster.upMembers(0));
    }
  }

  /**
   * Until both outsiders have said that joining failed, and {@link #WATCHED_AFTER} beyond: no
   * member lists them, they see no member Up (themselves included), and they keep running.
   */
  private static void watchOutsidersFail(LocalCluster cluster, List<Outsider> outsiders) {
    long tried = System.nanoTime() + OUTSIDERS_TRIED.toNanos();
    long until = Long.MAX_VALUE;
    boolean[] answered = new boolean[outsiders.size()];
    while (System.nanoTime() < until) {
      for (int i = 0; i < cluster.size(); i++) {
        HttpResponse<String> members = cluster.management(i, "/cluster/members");
        assertNotNull(members, "node " + i + " answers /cluster/members");
        for (Outsider outsider : outsiders) {
          assertFalse(members.body().contains(outsider.address()), "node " + i + " lists " + outsider.address() + ": " + members.body());
        }
      }
      for (int o = 0; o < outsiders.size(); o++) {
        Outsider outsider = outsiders.get(o);
        int up = LocalCluster.upMembers(LocalCluster.get(outsider.membersUrl()));
        assertTrue(up <= 0, outsider.address() + " sees " + up + " members Up");
        answered[o] |= up == 0;
        assertTrue(outsider.node().isAlive(), outsider.address() + " exited:\n" + String.join("\n", outsider.node().output()));
      }
      boolean allFailed = outsiders.stream().allMatch(outsider -> outsider.said(JOIN_FAILED));
      if (allFailed && until == Long.MAX_VALUE) {
        until = System.nanoTime() + WATCHED_AFTER.toNanos();
      }
      if (!allFailed && System.nanoTime() > tried) {
        fail("the outsiders did not report failing to join within " + OUTSIDERS_TRIED);
      }
      pause();
    }
    for (int o = 0; o < outsiders.size(); o++) {
      assertTrue(answered[o], outsiders.get(o).address() + " never answered /cluster/members");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
