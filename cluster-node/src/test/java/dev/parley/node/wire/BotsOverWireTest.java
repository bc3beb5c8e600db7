package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import dev.parley.protocol.CloseCode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bot accounts over the wire (issue 19): a workspace admin makes a bot and a token for it; the bot
 * posts over {@code POST /v1/api/<op>} and the WebSocket, and members see its posts marked as a
 * bot's. It is refused outside its workspace and for what only people do, and a revoked token is
 * refused at once, its sockets closed.
 */
class BotsOverWireTest {
  private static TestNode node;
  /** The deployment's first account: an administrator, who reads the audit log. */
  private static Accounts.User root;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of());
    root = Accounts.newUser(node.httpUrl(), "first");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A workspace with a public channel, its owner, an admin and a member who is in the channel. */
  private record Team(String workspaceId, String channelId, Accounts.User owner, Accounts.User admin, Accounts.User member) {}

  private static Team team() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    String workspaceId = api(owner).ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
    String code = api(owner).ok("workspace.invite", f -> f.put("workspaceId", workspaceId)).path("code").asText();
    Accounts.User admin = Accounts.newUser(node.httpUrl(), "admin");
    Accounts.User member = Accounts.newUser(node.httpUrl(), "member");
    for (Accounts.User user : List.of(admin, member)) {
      api(user).ok("workspace.join", f -> f.put("code", code));
    }
    api(owner).ok("workspace.role", f -> f.put("workspaceId", workspaceId).put("userId", admin.userId()).put("role", "admin"));
    String channelId =
        api(owner).ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", "builds-" + suffix())).path("channel").path("id").asText();
    api(member).ok("channel.join", f -> f.put("channelId", channelId));
    return new Team(workspaceId, channelId, owner, admin, member);
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static ApiClient bot(String secret) {
    return ApiClient.as(node.httpUrl(), secret);
  }

  private static JsonNode createBot(Accounts.User by, String workspaceId, String name) {
    return api(by).ok("bot.create", f -> f.put("workspaceId", workspaceId).put("name", name)).path("bot");
  }

  private static JsonNode createToken(Accounts.User by, String workspaceId, String botId, String label) {
    return api(by).ok("bot.token.create", f -> f.put("workspaceId", workspaceId).put("botId", botId).put("label", label)).path("token");
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, Accounts.json(response).path("code").asText(), response.body());
  }

  @Test
  void aBotPostsOverHttpAndTheWebSocketAndMembersSeeItIsABot() {
    Team team = team();
    JsonNode bot = createBot(team.admin(), team.workspaceId(), "CI-Bot");
    String botId = bot.path("id").asText();
    assertEquals("ci-bot", bot.path("name").asText(), "a bot's name is a handle, as usernames are");
    assertEquals(team.workspaceId(), bot.path("workspaceId").asText());
    assertEquals(team.admin().userId(), bot.path("createdBy").asText());
    assertTrue(bot.path("createdAt").asLong() > 0);
    JsonNode token = createToken(team.admin(), team.workspaceId(), botId, "deploys");
    String secret = token.path("secret").asText();
    assertTrue(secret.matches("pbt_[A-Za-z0-9_-]{43}"), "pbt_ and 32 random bytes: " + secret);
    assertEquals("deploys", token.path("label").asText());

    try (WsClient member = WsClient.authenticated(node.wsUrl(), team.member().accessToken())) {
      bot(secret).ok("channel.join", f -> f.put("channelId", team.channelId()));
      long seq =
          bot(secret)
              .ok("message.post", f -> f.put("channelId", team.channelId()).put("clientMsgId", "b1").put("text", "build green"))
              .path("seq")
              .asLong();
      JsonNode overHttp = member.awaitEvent("message.posted", d -> d.path("seq").asLong() == seq);
      assertEquals(botId, overHttp.path("author").asText());
      assertTrue(overHttp.path("bot").asBoolean(), "a bot's post says so: " + overHttp);

      try (WsClient botSocket = WsClient.authenticated(node.wsUrl(), secret)) {
        assertEquals(botId, botSocket.authData().path("user").path("id").asText(), botSocket.authData().toString());
        long wsSeq =
            botSocket.ok("message.post", f -> f.put("channelId", team.channelId()).put("clientMsgId", "b2").put("text", "deployed")).path("seq").asLong();
        JsonNode overSocket = member.awaitEvent("message.posted", d -> d.path("seq").asLong() == wsSeq);
        assertEquals("deployed", overSocket.path("text").asText());
        assertTrue(overSocket.path("bot").asBoolean(), overSocket.toString());
        botSocket.awaitEvent("message.posted", d -> d.path("seq").asLong() == wsSeq);
      }
    }
    api(team.member()).ok("message.post", f -> f.put("channelId", team.channelId()).put("clientMsgId", "m1").put("text", "thanks"));
    JsonNode events = api(team.member()).ok("history", f -> f.put("channelId", team.channelId()).put("limit", 100)).path("events");
    List<JsonNode> posts =
        StreamSupport.stream(events.spliterator(), false).filter(e -> e.path("type").asText().equals("message.posted")).map(e -> e.path("data")).toList();
    assertEquals(List.of("build green", "deployed", "thanks"), posts.stream().map(p -> p.path("text").asText()).toList());
    assertTrue(posts.get(0).path("bot").asBoolean() && posts.get(1).path("bot").asBoolean(), "history marks them too");
    assertTrue(posts.get(2).path("bot").isMissingNode(), "a person's post has no bot: " + posts.get(2));

    JsonNode members = api(team.member()).ok("workspace.members", f -> f.put("workspaceId", team.workspaceId())).path("members");
    JsonNode listed = StreamSupport.stream(members.spliterator(), false).filter(m -> m.path("userId").asText().equals(botId)).findFirst().orElseThrow();
    assertEquals("ci-bot", listed.path("username").asText());
    assertEquals("member", listed.path("role").asText());
    assertTrue(listed.path("bot").asBoolean(), listed.toString());
    assertTrue(
        StreamSupport.stream(members.spliterator(), false).filter(m -> !m.path("userId").asText().equals(botId)).allMatch(m -> m.path("bot").isMissingNode()));
  }

  @Test
  void onlyTheWorkspacesOwnersAndAdminsManageBots() {
    Team team = team();
    String botId = createBot(team.owner(), team.workspaceId(), "alerts").path("id").asText();
    for (HttpResponse<String> refused :
        List.of(
            api(team.member()).call("bot.create", f -> f.put("workspaceId", team.workspaceId()).put("name", "mine")),
            api(team.member()).call("bot.list", f -> f.put("workspaceId", team.workspaceId())),
            api(team.member()).call("bot.token.create", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId)),
            api(team.member()).call("bot.token.list", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId)),
            api(team.member()).call("bot.remove", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId)))) {
      assertRefused(refused, 403, "forbidden");
    }
    Accounts.User outsider = Accounts.newUser(node.httpUrl(), "outsider");
    assertRefused(api(outsider).call("bot.list", f -> f.put("workspaceId", team.workspaceId())), 404, "not_found");
    assertRefused(api(team.owner()).call("bot.create", f -> f.put("workspaceId", team.workspaceId()).put("name", "alerts")), 409, "conflict");
    assertRefused(
        api(team.owner()).call("bot.create", f -> f.put("workspaceId", team.workspaceId()).put("name", team.member().username())),
        409,
        "conflict");
    assertRefused(api(team.owner()).call("bot.create", f -> f.put("workspaceId", team.workspaceId()).put("name", "no spaces")), 400, "bad_request");
    JsonNode bots = api(team.admin()).ok("bot.list", f -> f.put("workspaceId", team.workspaceId())).path("bots");
    assertEquals(1, bots.size(), bots.toString());
    assertEquals(botId, bots.get(0).path("id").asText());
  }

  @Test
  void aBotIsRefusedOutsideItsWorkspaceAndForWhatOnlyPeopleDo() {
    Team team = team();
    Team other = team();
    String otherCode = api(other.owner()).ok("workspace.invite", f -> f.put("workspaceId", other.workspaceId())).path("code").asText();
    String botId = createBot(team.owner(), team.workspaceId(), "helper").path("id").asText();
    ApiClient bot = bot(createToken(team.owner(), team.workspaceId(), botId, "t").path("secret").asText());

    assertRefused(bot.call("workspace.channels", f -> f.put("workspaceId", other.workspaceId())), 403, "forbidden");
    assertRefused(bot.call("workspace.members", f -> f.put("workspaceId", other.workspaceId())), 403, "forbidden");
    assertRefused(bot.call("workspace.join", f -> f.put("code", otherCode)), 403, "forbidden");
    assertRefused(bot.call("workspace.create", f -> f.put("name", "Mine")), 403, "forbidden");
    assertRefused(bot.call("workspace.invite", f -> f.put("workspaceId", team.workspaceId())), 403, "forbidden");
    assertRefused(bot.call("account.me", f -> {}), 403, "forbidden");
    assertRefused(bot.call("account.password", f -> f.put("currentPassword", "x-password").put("newPassword", "y-password")), 403, "forbidden");
    assertRefused(bot.call("admin.accounts", f -> {}), 403, "forbidden");
    assertRefused(bot.call("bot.create", f -> f.put("workspaceId", team.workspaceId()).put("name", "child")), 403, "forbidden");
    assertRefused(bot.call("hook.create", f -> f.put("channelId", team.channelId()).put("name", "x")), 403, "forbidden");

    HttpResponse<String> join = bot.call("channel.join", f -> f.put("channelId", other.channelId()));
    assertTrue(Set.of(403, 404).contains(join.statusCode()), join.body());
    HttpResponse<String> post =
        bot.call("message.post", f -> f.put("channelId", other.channelId()).put("clientMsgId", "x").put("text", "hello"));
    assertTrue(Set.of(403, 404).contains(post.statusCode()), post.body());
    assertEquals(1, bot.ok("workspace.channels", f -> f.put("workspaceId", team.workspaceId())).path("channels").size());
  }

  @Test
  void aRevokedTokenIsRefusedAtOnceAndTokensAreListedWithoutSecrets() {
    Team team = team();
    String botId = createBot(team.admin(), team.workspaceId(), "deployer").path("id").asText();
    JsonNode first = createToken(team.admin(), team.workspaceId(), botId, "first");
    JsonNode second = createToken(team.owner(), team.workspaceId(), botId, "second");
    String secret = first.path("secret").asText();
    String kept = second.path("secret").asText();

    JsonNode listed = api(team.admin()).ok("bot.token.list", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId)).path("tokens");
    assertEquals(List.of("first", "second"), StreamSupport.stream(listed.spliterator(), false).map(t -> t.path("label").asText()).toList());
    assertEquals(first.path("id"), listed.get(0).path("id"));
    assertTrue(listed.get(0).path("createdAt").asLong() > 0);
    assertTrue(listed.get(0).path("secret").isMissingNode() && listed.get(1).path("secret").isMissingNode(), listed.toString());
    assertFalse(listed.toString().contains(secret) || listed.toString().contains(kept), "a listing never shows a secret");

    bot(secret).ok("workspace.channels", f -> f.put("workspaceId", team.workspaceId()));
    try (WsClient socket = WsClient.authenticated(node.wsUrl(), secret)) {
      api(team.admin()).ok("bot.token.revoke", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId).put("tokenId", first.path("id").asText()));
      HttpResponse<String> refused = bot(secret).call("workspace.channels", f -> f.put("workspaceId", team.workspaceId()));
      assertRefused(refused, 401, "unauthorized");
      assertTrue(refused.headers().firstValue("WWW-Authenticate").isPresent());
      assertFalse(refused.body().contains(secret), "an error never echoes the secret");
      assertEquals(CloseCode.AUTH_FAILED, socket.awaitClose(), "the bot's live socket closes");
    }
    try (WsClient again = WsClient.connect(node.wsUrl())) {
      JsonNode reply = again.request("auth", f -> f.put("token", secret));
      assertEquals("unauthorized", reply.path("code").asText(), reply.toString());
      assertEquals(CloseCode.AUTH_FAILED, again.awaitClose());
    }
    bot(kept).ok("workspace.channels", f -> f.put("workspaceId", team.workspaceId()));
    assertRefused(
        api(team.admin()).call("bot.token.revoke", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId).put("tokenId", first.path("id").asText())),
        404,
        "not_found");
    assertRefused(bot("pbt_" + "x".repeat(43)).call("workspace.channels", f -> f.put("workspaceId", team.workspaceId())), 401, "unauthorized");
    assertRefused(bot("pbt_short").call("workspace.channels", f -> f.put("workspaceId", team.workspaceId())), 401, "unauthorized");

    JsonNode audit = api(root).ok("admin.audit", f -> f.put("limit", 200)).path("entries");
    for (String action : List.of("bot.create", "bot.token.create", "bot.token.revoke")) {
      assertTrue(
          StreamSupport.stream(audit.spliterator(), false)
              .anyMatch(e -> e.path("action").asText().equals(action) && e.path("target").asText().equals(botId)),
          action + " of " + botId + " is not in the audit log: " + audit);
    }
    assertFalse(audit.toString().contains(secret) || audit.toString().contains(kept), "the audit log never holds a secret");
  }

  @Test
  void aRemovedBotsTokensStopWorkingAndItLeavesTheWorkspace() {
    Team team = team();
    String botId = createBot(team.owner(), team.workspaceId(), "retired").path("id").asText();
    String secret = createToken(team.owner(), team.workspaceId(), botId, null).path("secret").asText();
    bot(secret).ok("channel.join", f -> f.put("channelId", team.channelId()));
    api(team.admin()).ok("bot.remove", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId));
    assertRefused(bot(secret).call("workspace.channels", f -> f.put("workspaceId", team.workspaceId())), 401, "unauthorized");
    assertEquals(0, api(team.admin()).ok("bot.list", f -> f.put("workspaceId", team.workspaceId())).path("bots").size());
    JsonNode members = api(team.member()).ok("workspace.members", f -> f.put("workspaceId", team.workspaceId())).path("members");
    assertFalse(members.toString().contains(botId), members.toString());
    assertRefused(api(team.admin()).call("bot.token.create", f -> f.put("workspaceId", team.workspaceId()).put("botId", botId)), 404, "not_found");
  }

  /** The same tables on PostgreSQL: a bot made there posts with its token until it is revoked. */
  @Test
  void onPostgresqlABotPostsUntilItsTokenIsRevoked() {
    try (TestNode postgres = TestNode.startOn(PostgresTestServer.freshDatabase(), Map.of())) {
      Accounts.User owner = Accounts.newUser(postgres.httpUrl(), "owner");
      ApiClient api = ApiClient.as(postgres.httpUrl(), owner.accessToken());
      String workspaceId = api.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
      String channelId =
          api.ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", "deploys")).path("channel").path("id").asText();
      String botId = api.ok("bot.create", f -> f.put("workspaceId", workspaceId).put("name", "ci-bot")).path("bot").path("id").asText();
      assertRefused(api.call("bot.create", f -> f.put("workspaceId", workspaceId).put("name", "ci-bot")), 409, "conflict");
      JsonNode token = api.ok("bot.token.create", f -> f.put("workspaceId", workspaceId).put("botId", botId)).path("token");
      ApiClient bot = ApiClient.as(postgres.httpUrl(), token.path("secret").asText());
      bot.ok("channel.join", f -> f.put("channelId", channelId));
      bot.ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "p1").put("text", "deploy ok"));
      assertTrue(api.ok("history", f -> f.put("channelId", channelId)).path("events").toString().contains("\"bot\":true"));
      api.ok("bot.token.revoke", f -> f.put("workspaceId", workspaceId).put("botId", botId).put("tokenId", token.path("id").asText()));
      assertRefused(bot.call("workspace.channels", f -> f.put("workspaceId", workspaceId)), 401, "unauthorized");
    }
  }
}
