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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Incoming webhooks over the wire (issue 19): a workspace admin makes one for a channel, a script
 * posts to its URL as Slack's clients do (JSON or a form's {@code payload}), and the channel's
 * members see the post under the hook's name; revoking it makes its URL unknown.
 */
class HooksOverWireTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Posts one hook may make at once here: enough for each test's hook, few enough to reach. */
  private static final int BURST = 6;

  private static TestNode node;
  /** The deployment's first account: an administrator, who reads the audit log. */
  private static Accounts.User root;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.hooks.posts-burst", BURST, "parley.hooks.posts-per-minute", 1));
    root = Accounts.newUser(node.httpUrl(), "first");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A workspace with a public channel, its owner, an admin and a member who are in the channel. */
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
    String name = "deploys-" + UUID.randomUUID().toString().substring(0, 8);
    String channelId =
        api(owner).ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", name)).path("channel").path("id").asText();
    api(member).ok("channel.join", f -> f.put("channelId", channelId));
    return new Team(workspaceId, channelId, owner, admin, member);
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static JsonNode createHook(Accounts.User by, String channelId, String name) {
    return api(by).ok("hook.create", f -> f.put("channelId", channelId).put("name", name)).path("hook");
  }

  private static HttpResponse<String> postTo(String token, String contentType, String body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/hooks/" + token))
            .timeout(WsClient.TIMEOUT)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("POST /v1/hooks failed", e);
    }
  }

  private static HttpResponse<String> postJson(String token, String body) {
    return postTo(token, "application/json", body, null);
  }

  private static List<JsonNode> postsIn(Accounts.User reader, String channelId) {
    JsonNode events = api(reader).ok("history", f -> f.put("channelId", channelId).put("limit", 100)).path("events");
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.path("type").asText().equals("message.posted"))
        .map(e -> e.path("data"))
        .toList();
  }

  @Test
  void aPostToTheHooksUrlReachesTheChannelsMembersUnderTheHooksName() {
    Team team = team();
    JsonNode hook = createHook(team.admin(), team.channelId(), "  CI  ");
    String token = hook.path("token").asText();
    assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, URL-safe: " + token);
    assertEquals("/v1/hooks/" + token, hook.path("url").asText(), "relative to the node without PARLEY_PUBLIC_URL");
    assertEquals("CI", hook.path("name").asText());
    String hookId = hook.path("id").asText();

    try (WsClient member = WsClient.authenticated(node.wsUrl(), team.member().accessToken())) {
      HttpResponse<String> posted = postJson(token, "{\"text\":\"deploy ok\",\"username\":\"ignored\",\"icon_emoji\":\":ship:\"}");
      assertEquals(200, posted.statusCode(), posted.body());
      long seq = Accounts.json(posted).path("seq").asLong();

      JsonNode live = member.awaitEvent("message.posted", d -> d.path("seq").asLong() == seq);
      assertEquals("deploy ok", live.path("text").asText());
      assertEquals(hookId, live.path("author").asText());
      assertEquals("CI", live.path("hook").asText());

      String form = "payload=" + URLEncoder.encode("{\"text\":\"form ok: 100% & done\"}", StandardCharsets.UTF_8);
      HttpResponse<String> formPosted = postTo(token, "application/x-www-form-urlencoded", form, null);
      assertEquals(200, formPosted.statusCode(), formPosted.body());
      long formSeq = Accounts.json(formPosted).path("seq").asLong();
      assertEquals("form ok: 100% & done", member.awaitEvent("message.posted", d -> d.path("seq").asLong() == formSeq).path("text").asText());

      // curl -d '{"text":...}' without -H: JSON labelled as a form.
      HttpResponse<String> curled = postTo(token, "application/x-www-form-urlencoded", "{\"text\":\"curl ok\"}", null);
      assertEquals(200, curled.statusCode(), curled.body());
      long curledSeq = Accounts.json(curled).path("seq").asLong();
      assertEquals("curl ok", member.awaitEvent("message.posted", d -> d.path("seq").asLong() == curledSeq).path("text").asText());
    }
    JsonNode inHistory = postsIn(team.member(), team.channelId()).stream().filter(p -> p.path("text").asText().equals("deploy ok")).findFirst().orElseThrow();
    assertEquals("CI", inHistory.path("hook").asText());
    assertEquals(hookId, inHistory.path("author").asText());
    api(team.member()).ok("message.post", f -> f.put("channelId", team.channelId()).put("clientMsgId", "m1").put("text", "thanks"));
    JsonNode personal = postsIn(team.member(), team.channelId()).stream().filter(p -> p.path("text").asText().equals("thanks")).findFirst().orElseThrow();
    assertTrue(personal.path("hook").isMissingNode(), "a person's post has no hook: " + personal);
  }

  @Test
  void aRetriedCallWithTheSameIdempotencyKeyPostsOnce() {
    Team team = team();
    String token = createHook(team.owner(), team.channelId(), "Alerts").path("token").asText();
    HttpResponse<String> first = postTo(token, "application/json", "{\"text\":\"disk full\"}", "alert-42");
    HttpResponse<String> retried = postTo(token, "application/json", "{\"text\":\"disk full\"}", "alert-42");
    HttpResponse<String> other = postTo(token, "application/json", "{\"text\":\"disk full\"}", null);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(200, retried.statusCode(), retried.body());
    assertEquals(Accounts.json(first).path("seq"), Accounts.json(retried).path("seq"));
    assertTrue(Accounts.json(retried).path("duplicate").asBoolean(), retried.body());
    assertEquals(200, other.statusCode(), "without a key, every call is a post");
    assertEquals(2, postsIn(team.member(), team.channelId()).stream().filter(p -> p.path("text").asText().equals("disk full")).count());
  }

  @Test
  void badBodiesAreRefusedWithAClearErrorAndPostNothing() {
    Team team = team();
    String token = createHook(team.owner(), team.channelId(), "CI").path("token").asText();
    List<String> bodies = List.of("{\"text\":\"\"}", "{\"text\":\"" + "x".repeat(4001) + "\"}", "{\"blocks\":[]}", "not json");
    for (String body : bodies) {
      HttpResponse<String> refused = postJson(token, body);
      assertEquals(400, refused.statusCode(), refused.body());
      assertEquals("bad_request", Accounts.json(refused).path("code").asText());
    }
    HttpResponse<String> noPayload = postTo(token, "application/x-www-form-urlencoded", "text=hello", null);
    assertEquals(400, noPayload.statusCode());
    assertTrue(Accounts.json(noPayload).path("message").asText().contains("payload"), noPayload.body());
    assertTrue(postsIn(team.member(), team.channelId()).isEmpty());
  }

  @Test
  void hooksAreListedWithoutTokensAndARevokedOrUnknownTokenIsNotFound() {
    Team team = team();
    JsonNode ci = createHook(team.owner(), team.channelId(), "CI");
    JsonNode alerts = createHook(team.admin(), team.channelId(), "Alerts");
    JsonNode listed = api(team.admin()).ok("hook.list", f -> f.put("channelId", team.channelId())).path("hooks");
    assertEquals(2, listed.size(), listed.toString());
    assertEquals(ci.path("id"), listed.get(0).path("id"));
    assertEquals("CI", listed.get(0).path("name").asText());
    assertEquals(team.owner().userId(), listed.get(0).path("createdBy").asText());
    assertTrue(listed.get(0).path("createdAt").asLong() > 0);
    assertFalse(listed.toString().contains(ci.path("token").asText()), "a listing never shows a token");
    assertTrue(listed.get(0).path("token").isMissingNode() && listed.get(0).path("url").isMissingNode());

    String token = ci.path("token").asText();
    assertEquals(200, postJson(token, "{\"text\":\"before\"}").statusCode());
    api(team.admin()).ok("hook.revoke", f -> f.put("channelId", team.channelId()).put("hookId", ci.path("id").asText()));
    HttpResponse<String> revoked = postJson(token, "{\"text\":\"after\"}");
    assertEquals(404, revoked.statusCode());
    assertEquals("not_found", Accounts.json(revoked).path("code").asText());
    assertFalse(revoked.body().contains(token), "an error never echoes the token");
    HttpResponse<String> unknown = postJson("x".repeat(43), "{\"text\":\"hi\"}");
    assertEquals(404, unknown.statusCode());

    JsonNode audit = api(root).ok("admin.audit", f -> f.put("limit", 200)).path("entries");
    String hookId = ci.path("id").asText();
    for (String action : List.of("hook.create", "hook.revoke")) {
      assertTrue(
          StreamSupport.stream(audit.spliterator(), false)
              .anyMatch(e -> e.path("action").asText().equals(action) && e.path("target").asText().equals(team.channelId())
                  && e.path("detail").asText().contains(hookId)),
          action + " of " + hookId + " is not in the audit log: " + audit);
    }
    assertFalse(audit.toString().contains(token), "the audit log names hooks by id, never by token");
    HttpResponse<String> again = api(team.owner()).call("hook.revoke", f -> f.put("channelId", team.channelId()).put("hookId", ci.path("id").asText()));
    assertEquals(404, again.statusCode(), "already revoked");
    JsonNode left = api(team.owner()).ok("hook.list", f -> f.put("channelId", team.channelId())).path("hooks");
    assertEquals(1, left.size());
    assertEquals(alerts.path("id"), left.get(0).path("id"));
    assertEquals(List.of("before"), postsIn(team.member(), team.channelId()).stream().map(p -> p.path("text").asText()).toList());
  }

  @Test
  void onlyTheWorkspacesOwnersAndAdminsManageHooks() {
    Team team = team();
    String hookId = createHook(team.owner(), team.channelId(), "CI").path("id").asText();
    for (HttpResponse<String> refused :
        List.of(
            api(team.member()).call("hook.create", f -> f.put("channelId", team.channelId()).put("name", "Mine")),
            api(team.member()).call("hook.list", f -> f.put("channelId", team.channelId())),
            api(team.member()).call("hook.revoke", f -> f.put("channelId", team.channelId()).put("hookId", hookId)))) {
      assertEquals(403, refused.statusCode(), refused.body());
      assertEquals("forbidden", Accounts.json(refused).path("code").asText());
    }
    Accounts.User outsider = Accounts.newUser(node.httpUrl(), "outsider");
    HttpResponse<String> hidden = api(outsider).call("hook.list", f -> f.put("channelId", team.channelId()));
    assertEquals(404, hidden.statusCode(), "outsiders do not learn the channel exists");
  }

  @Test
  void anArchivedChannelRefusesTheHooksPosts() {
    Team team = team();
    String token = createHook(team.owner(), team.channelId(), "CI").path("token").asText();
    api(team.owner()).ok("channel.archive", f -> f.put("channelId", team.channelId()));
    HttpResponse<String> refused = postJson(token, "{\"text\":\"deploy ok\"}");
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(Accounts.json(refused).path("message").asText().contains("archived"), refused.body());
  }

  /** The same table on PostgreSQL: a hook made there posts, and once revoked is unknown. */
  @Test
  void onPostgresqlAHookPostsUntilRevoked() {
    try (TestNode postgres = TestNode.startOn(PostgresTestServer.freshDatabase(), Map.of())) {
      Accounts.User owner = Accounts.newUser(postgres.httpUrl(), "owner");
      ApiClient api = ApiClient.as(postgres.httpUrl(), owner.accessToken());
      String workspaceId = api.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
      String channelId =
          api.ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", "deploys")).path("channel").path("id").asText();
      JsonNode hook = api.ok("hook.create", f -> f.put("channelId", channelId).put("name", "CI")).path("hook");
      URI url = URI.create(postgres.httpUrl() + hook.path("url").asText());
      assertEquals(200, send(url, "{\"text\":\"deploy ok\"}").statusCode());
      JsonNode posted = api.ok("history", f -> f.put("channelId", channelId)).path("events");
      assertTrue(posted.toString().contains("\"hook\":\"CI\""), posted.toString());
      api.ok("hook.revoke", f -> f.put("channelId", channelId).put("hookId", hook.path("id").asText()));
      assertEquals(404, send(url, "{\"text\":\"after\"}").statusCode());
    }
  }

  private static HttpResponse<String> send(URI url, String json) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(url).timeout(WsClient.TIMEOUT).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("POST /v1/hooks/<token> failed", e);
    }
  }

  @Test
  void eachHookIsRateLimitedOnItsOwn() {
    Team team = team();
    String busy = createHook(team.owner(), team.channelId(), "Busy").path("token").asText();
    String quiet = createHook(team.owner(), team.channelId(), "Quiet").path("token").asText();
    for (int i = 0; i < BURST; i++) {
      assertEquals(200, postJson(busy, "{\"text\":\"tick " + i + "\"}").statusCode());
    }
    HttpResponse<String> limited = postJson(busy, "{\"text\":\"one too many\"}");
    assertEquals(429, limited.statusCode(), limited.body());
    assertEquals("rate_limited", Accounts.json(limited).path("code").asText());
    assertTrue(limited.headers().firstValue("Retry-After").isPresent());
    assertEquals(200, postJson(quiet, "{\"text\":\"still fine\"}").statusCode(), "another hook has its own budget");
  }
}
