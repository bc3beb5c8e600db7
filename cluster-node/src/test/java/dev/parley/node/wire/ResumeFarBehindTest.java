package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client that comes back far behind, with more missed events than its socket's queue holds,
 * gets every one of them, in order, on a socket that stays open: the replay goes out at the pace
 * the client reads, instead of closing it as slow (4003) on every reconnect until it is so far
 * behind that it only gets `gap`.
 */
class ResumeFarBehindTest {
  private static final int OUTGOING_BUFFER = 32;
  private static final int CHANNELS = 3;
  private static final int MISSED_PER_CHANNEL = 150;

  @Test
  void everyMissedEventOfEveryChannelArrivesInOrderOnASocketThatStaysOpen() {
    try (TestNode node = TestNode.startH2(Map.of("parley.connection.outgoing-buffer", OUTGOING_BUFFER))) {
      Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
      Accounts.User reader = Accounts.newUser(node.httpUrl(), "reader");
      Map<String, Long> lastSeen = new HashMap<>();
      List<String> channels = new ArrayList<>();
      try (WsClient writer = WsClient.authenticated(node.wsUrl(), owner.accessToken());
          WsClient away = WsClient.authenticated(node.wsUrl(), reader.accessToken())) {
        String workspaceId = writer.ok("workspace.create", n -> n.put("name", "W")).path("workspace").path("id").asText();
        String code = writer.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
        away.ok("workspace.join", n -> n.put("code", code));
        for (int c = 0; c < CHANNELS; c++) {
          int n = c;
          String channelId =
              writer.ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", "c" + n)).path("channel").path("id").asText();
          long joined = away.ok("channel.join", f -> f.put("channelId", channelId)).path("channel").path("lastSeq").asLong();
          channels.add(channelId);
          lastSeen.put(channelId, joined);
        }
      }
      try (WsClient writer = WsClient.authenticated(node.wsUrl(), owner.accessToken())) {
        for (int i = 0; i < MISSED_PER_CHANNEL; i++) {
          for (String channelId : channels) {
            int n = i;
            writer.ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", channelId + n).put("text", "missed " + n));
          }
        }
      }

      try (WsClient back = WsClient.connect(node.wsUrl())) {
        back.ok(
            "auth",
            n -> {
              ObjectNode resume = n.put("token", reader.accessToken()).putObject("resume");
              lastSeen.forEach(resume::put);
            });
        for (int i = 0; i < CHANNELS * MISSED_PER_CHANNEL; i++) {
          JsonNode event = back.awaitEvent("message.posted", d -> true);
          String channelId = event.path("channelId").asText();
          long expected = lastSeen.get(channelId) + 1;
          assertEquals(expected, event.path("seq").asLong(), "the next event of " + channelId);
          lastSeen.put(channelId, expected);
        }
        back.ok("ping", n -> {});
      }
    }
  }
}
