package dev.parley.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's reading member, against a node: a channel further ahead than the server
 * replays gets {@code gap}, and the receiver reads the rest with history as a client does, so a
 * gap that a client can fill is no violation, while its reading still checks every seq.
 */
class ReceiverTest {
  private static final int MAX_REPLAY = 20;
  private static final int POSTS = 60;

  @Test
  void aReceiverFarBehindReadsPastTheGapWithHistoryAndSeesEverySeqOnce() {
    try (TestNode node = TestNode.startH2(Map.of("parley.connection.max-replay", MAX_REPLAY))) {
      Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
      Accounts.User reader = Accounts.newUser(node.httpUrl(), "reader");
      String channelId;
      long head = 0;
      try (WsClient writer = WsClient.authenticated(node.wsUrl(), owner.accessToken());
          WsClient member = WsClient.authenticated(node.wsUrl(), reader.accessToken())) {
        String workspaceId = writer.ok("workspace.create", n -> n.put("name", "W")).path("workspace").path("id").asText();
        String code = writer.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
        member.ok("workspace.join", n -> n.put("code", code));
        channelId = writer.ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", "c")).path("channel").path("id").asText();
        String id = channelId;
        member.ok("channel.join", f -> f.put("channelId", id));
        for (int i = 0; i < POSTS; i++) {
          int n = i;
          head = writer.ok("message.post", f -> f.put("channelId", id).put("clientMsgId", "m" + n).put("text", "post " + n)).path("seq").asLong();
        }
      }
      try (Receiver receiver = new Receiver(reader, List.of(channelId), attempt -> node.wsUrl(), 0).start()) {
        receiver.awaitCaughtUp(Map.of(channelId, head), 30);
        assertEquals(List.of(), receiver.violations());
        assertTrue(receiver.gapsRead() > 0, "the server replayed at most " + MAX_REPLAY + " and said gap");
      }
    }
  }
}
