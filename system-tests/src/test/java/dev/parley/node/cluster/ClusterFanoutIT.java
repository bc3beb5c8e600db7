package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.ClusterSetup;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three node processes form a cluster; a post made on any node reaches members on every node. */
class ClusterFanoutIT {

  @Test
  void postsOnAnyNodeReachMembersOnEveryNodeInOrder() {
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase())) {
      for (int i = 0; i < 3; i++) {
        cluster.awaitMembers(i, 3);
      }
      ClusterSetup setup = ClusterSetup.create(cluster, 1, 3);
      String channelId = setup.channelIds().get(0);
      List<WsClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          clients.add(WsClient.authenticated(cluster.node(i).wsUrl(), setup.members().get(i).accessToken()));
        }
        List<Long> acked = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
          for (int i = 0; i < 3; i++) {
            String text = "from node " + i + " round " + round;
            acked.add(
                clients.get(i)
                    .ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", text).put("text", text))
                    .path("seq")
                    .asLong());
          }
        }
        for (WsClient client : clients) {
          List<Long> seen = new ArrayList<>();
          for (int k = 0; k < acked.size(); k++) {
            JsonNode event = client.awaitEvent("message.posted", d -> d.path("text").asText().startsWith("from node"));
            seen.add(event.path("seq").asLong());
          }
          assertEquals(acked, seen);
        }
      } finally {
        clients.forEach(WsClient::close);
      }
    }
  }
}
