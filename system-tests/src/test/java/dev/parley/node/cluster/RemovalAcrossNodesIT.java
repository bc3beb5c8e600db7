package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A workspace owner removes a member through one node while the member's socket is open on
 * another node, a separate JVM (both on 127.0.0.1, one PostgreSQL database): the socket hears the
 * member's own {@code member.left} in each channel of the workspace (public, private, DM) and
 * {@code workspace.removed} within a second, then nothing of the workspace's channels while
 * another member's socket on the same node keeps receiving them.
 */
class RemovalAcrossNodesIT {
  private static final Duration AT_ONCE = Duration.ofSeconds(1);

  @Test
  void aRemovedMembersSocketOnAnotherNodeReceivesNothingMore() {
    DatabaseSettings database = PostgresTestServer.freshDatabase();
    int clusterPort = TestNode.freePort();
    try (TestNode here = TestNode.startOn(database, Map.of("parley.cluster.port", String.valueOf(clusterPort)));
        NodeProcess there = NodeProcess.joining(database, clusterPort)) {
      Accounts.User owner = Accounts.newUser(here.httpUrl(), "owner");
      Accounts.User member = Accounts.newUser(there.httpUrl(), "member");
      ApiClient api = ApiClient.as(here.httpUrl(), owner.accessToken());
      ApiClient memberApi = ApiClient.as(there.httpUrl(), member.accessToken());
      String workspaceId = api.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
      String code = api.ok("workspace.invite", f -> f.put("workspaceId", workspaceId)).path("code").asText();
      memberApi.ok("workspace.join", f -> f.put("code", code));
      String open = channel(api, workspaceId, false);
      String closed = channel(api, workspaceId, true);
      memberApi.ok("channel.join", f -> f.put("channelId", open));
      api.ok("channel.add", f -> f.put("channelId", closed).put("userId", member.userId()));
      String dm =
          api.ok("dm.open", f -> f.put("workspaceId", workspaceId).putArray("userIds").add(member.userId()))
              .path("channel").path("id").asText();
      List<String> channels = List.of(open, closed, dm);

      try (WsClient socket = WsClient.authenticated(there.wsUrl(), member.accessToken());
          WsClient bystander = WsClient.authenticated(there.wsUrl(), owner.accessToken())) {
        for (String channelId : channels) {
          post(api, channelId, "before");
          socket.awaitEvent("message.posted", d -> d.path("channelId").asText().equals(channelId));
        }
        // The audit log's first use starts its entity (a shard allocation): not what is measured here.
        api.ok("workspace.invite", f -> f.put("workspaceId", workspaceId));

        long asked = System.nanoTime();
        api.ok("workspace.remove", f -> f.put("workspaceId", workspaceId).put("userId", member.userId()));
        for (String channelId : channels) {
          socket.awaitEvent("member.left", d -> d.path("channelId").asText().equals(channelId));
        }
        socket.awaitEvent("workspace.removed", d -> d.path("workspaceId").asText().equals(workspaceId));
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertTrue(took.compareTo(AT_ONCE) < 0, "removed " + took.toMillis() + " ms after workspace.remove was sent");
        System.out.println("removed member's socket on the other node heard its removal " + took.toMillis() + " ms after workspace.remove was sent");

        for (String channelId : channels) {
          long seq = post(api, channelId, "after the removal");
          bystander.awaitEvent("message.posted", d -> d.path("channelId").asText().equals(channelId) && d.path("seq").asLong() == seq);
        }
        // The node's hub handed each post to every socket before the bystander got it; the ping's
        // answer is queued behind anything it handed this socket.
        socket.ok("ping", f -> {});
        socket.assertNoFrameMatching(
            f -> "after the removal".equals(f.path("data").path("text").asText()), "the removed member got a post");
        assertEquals("not_found", socket.request("history", f -> f.put("channelId", open)).path("code").asText());
        assertFalse(socket.isClosed());
      }
    }
  }

  private static String channel(ApiClient api, String workspaceId, boolean isPrivate) {
    String name = "c" + UUID.randomUUID().toString().substring(0, 8);
    return api.ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", name).put("private", isPrivate))
        .path("channel").path("id").asText();
  }

  private static long post(ApiClient api, String channelId, String text) {
    return api.ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text))
        .path("seq").asLong();
  }
}
