package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import dev.parley.protocol.CloseCode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A workspace admin revokes a bot's token through one node while the bot works through another
 * node, a separate JVM (one PostgreSQL database): the bot's socket there closes with 4001 within a
 * second, and that node answers the token's next HTTP call 401, with no cache to wait out.
 */
class BotRevocationAcrossNodesIT {
  private static final Duration AT_ONCE = Duration.ofSeconds(1);

  @Test
  void aRevokedBotTokenIsRefusedAtOnceOnAnotherNode() {
    DatabaseSettings database = PostgresTestServer.freshDatabase();
    int clusterPort = TestNode.freePort();
    try (TestNode here = TestNode.startOn(database, Map.of("parley.cluster.port", String.valueOf(clusterPort)));
        NodeProcess there = NodeProcess.joining(database, clusterPort)) {
      Accounts.User owner = Accounts.newUser(here.httpUrl(), "owner");
      ApiClient admin = ApiClient.as(here.httpUrl(), owner.accessToken());
      String workspaceId = admin.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
      String botId = admin.ok("bot.create", f -> f.put("workspaceId", workspaceId).put("name", "ci-bot")).path("bot").path("id").asText();
      JsonNode token = admin.ok("bot.token.create", f -> f.put("workspaceId", workspaceId).put("botId", botId)).path("token");
      String secret = token.path("secret").asText();
      ApiClient bot = ApiClient.as(there.httpUrl(), secret);
      bot.ok("workspace.channels", f -> f.put("workspaceId", workspaceId));
      WsClient socket = WsClient.authenticated(there.wsUrl(), secret);
      socket.ok("ping", f -> {});

      long asked = System.nanoTime();
      admin.ok("bot.token.revoke", f -> f.put("workspaceId", workspaceId).put("botId", botId).put("tokenId", token.path("id").asText()));
      HttpResponse<String> refused = bot.call("workspace.channels", f -> f.put("workspaceId", workspaceId));
      assertEquals(401, refused.statusCode(), refused.body());
      int code = socket.awaitClose();
      Duration took = Duration.ofNanos(System.nanoTime() - asked);
      assertEquals(CloseCode.AUTH_FAILED, code);
      assertTrue(took.compareTo(AT_ONCE) < 0, "closed " + took.toMillis() + " ms after bot.token.revoke was sent");
    }
  }
}
