package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.telemetry.Metrics;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.RawWebSocket;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that stops reading is cut off with 4003 instead of growing the server's heap, and
 * counted in {@code parley_slow_consumer_disconnects_total}, on either transport: the node's own
 * sockets write frames straight from the thread that has them, and must stop the same way.
 */
class SlowConsumerTest {
  private static final int OUTGOING_BUFFER = 8;
  /** More than the loopback socket buffers hold (4 MiB send buffer at most, here). */
  private static final int POSTS = 2000;

  @ParameterizedTest
  @ValueSource(strings = {"pekko", "parley"})
  void clientThatStopsReadingIsClosedWith4003(String transport) {
    try (TestNode node =
        TestNode.startH2(Map.of("parley.connection.outgoing-buffer", OUTGOING_BUFFER, "parley.http.transport", transport))) {
      Accounts.User writer = Accounts.newUser(node.httpUrl(), "writer");
      Accounts.User sleeper = Accounts.newUser(node.httpUrl(), "sleeper");
      int port = URI.create(node.httpUrl()).getPort();
      try (WsClient w = WsClient.authenticated(node.wsUrl(), writer.accessToken());
          RawWebSocket slow = RawWebSocket.connect(port, 4096)) {
        String workspaceId = w.ok("workspace.create", n -> n.put("name", "W")).path("workspace").path("id").asText();
        String code = w.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
        String channelId =
            w.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "firehose")).path("channel").path("id").asText();
        slow.sendText("{\"op\":\"auth\",\"ref\":\"a\",\"token\":\"" + sleeper.accessToken() + "\"}");
        assertTrue(slow.readReply("a").contains("\"ok\""));
        slow.sendText("{\"op\":\"workspace.join\",\"ref\":\"j\",\"code\":\"" + code + "\"}");
        assertTrue(slow.readReply("j").contains("\"ok\""));
        slow.sendText("{\"op\":\"channel.join\",\"ref\":\"c\",\"channelId\":\"" + channelId + "\"}");
        assertTrue(slow.readReply("c").contains("\"ok\""));

        double cutOff = Metrics.SLOW_CONSUMERS.get();
        String text = "x".repeat(4000);
        for (int i = 0; i < POSTS; i++) {
          int n = i;
          w.ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "p" + n).put("text", text));
        }
        assertEquals(4003, slow.readUntilClose().closeCode());
        assertEquals(cutOff + 1, Metrics.SLOW_CONSUMERS.get());
      }
    }
  }
}
