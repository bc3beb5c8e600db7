package dev.parley.node.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TcpProxy;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The database becomes unreachable (a real TCP outage between node and PostgreSQL): a post gets
 * {@code unavailable} instead of hanging, and once the database is back the client's retry with
 * the same clientMsgId completes, with the post in the log exactly once.
 */
class JournalOutageTest {
  private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://[^:/]+:(\\d+)/(.*)");
  private static final Duration RECOVERY = Duration.ofSeconds(60);

  @Test
  void postDuringOutageIsUnavailableAndItsRetrySucceedsOnce() {
    DatabaseSettings real = PostgresTestServer.freshDatabase();
    Matcher url = HOST_PORT.matcher(real.url());
    assertTrue(url.matches(), real.toString());
    try (TcpProxy proxy = new TcpProxy(Integer.parseInt(url.group(1)))) {
      DatabaseSettings proxied =
          DatabaseSettings.of("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + url.group(2), real.user(), real.password(), 4);
      try (TestNode node = TestNode.startOn(proxied, Map.of("parley.ask-timeout", "3s"))) {
        Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
        try (WsClient client = WsClient.authenticated(node.wsUrl(), alice.accessToken())) {
          String workspaceId = client.ok("workspace.create", n -> n.put("name", "W")).path("workspace").path("id").asText();
          String channelId =
              client.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "c")).path("channel").path("id").asText();
          client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "before").put("text", "one"));

          proxy.cut();
          JsonNode during =
              client.request("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "during").put("text", "two"));
          assertEquals("unavailable", during.path("code").asText(), during.toString());

          proxy.restore();
          JsonNode retried = null;
          long deadline = System.nanoTime() + RECOVERY.toNanos();
          while (System.nanoTime() < deadline) {
            retried =
                client.request("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "during").put("text", "two"));
            if ("ok".equals(retried.path("op").asText())) {
              break;
            }
            assertEquals("unavailable", retried.path("code").asText(), retried.toString());
          }
          assertEquals("ok", retried.path("op").asText(), "no recovery within " + RECOVERY + ": " + retried);

          JsonNode history = client.ok("history", n -> n.put("channelId", channelId));
          List<String> posts = new ArrayList<>();
          long expectedSeq = 1;
          for (JsonNode event : history.path("events")) {
            assertEquals(expectedSeq++, event.path("data").path("seq").asLong(), history.toString());
            if ("message.posted".equals(event.path("type").asText())) {
              posts.add(event.path("data").path("clientMsgId").asText());
            }
          }
          assertEquals(List.of("before", "during"), posts);
        }
      }
    }
  }
}
