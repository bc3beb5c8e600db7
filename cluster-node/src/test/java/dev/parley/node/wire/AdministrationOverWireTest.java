package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.protocol.CloseCode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deployment administration over the wire, on one node that admits new accounts by invitation
 * (the default): the first account administers the deployment, others need an invite;
 * administrators make administrators, deactivate and reactivate accounts (an open socket closes
 * with 4001 at once) and reset passwords; users change their own password (their other logins
 * end) and display name; every administrator action is in the audit log; nobody else may run
 * an {@code admin.*} op.
 */
class AdministrationOverWireTest {
  private static final Duration AT_ONCE = Duration.ofSeconds(1);
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static TestNode node;
  private static Accounts.User root;
  private static String workspaceId;
  private static String inviteCode;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.auth.registration", "invite"));
    register("root", "root-password", null, 201);
    root = login("root", "root-password");
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), root.accessToken())) {
      workspaceId = ws.ok("workspace.create", f -> f.put("name", "Acme")).path("workspace").path("id").asText();
      inviteCode = ws.ok("workspace.invite", f -> f.put("workspaceId", workspaceId)).path("code").asText();
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> register(String username, String password, String inviteCode, int status) {
    String invite = inviteCode == null ? "" : ",\"inviteCode\":\"" + inviteCode + "\"";
    HttpResponse<String> response =
        Accounts.postRetryingUnavailable(node.httpUrl(), "/v1/auth/register", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"" + invite + "}");
    assertEquals(status, response.statusCode(), response.body());
    return response;
  }

  private static HttpResponse<String> loginResponse(String username, String password) {
    return Accounts.postRetryingUnavailable(node.httpUrl(), "/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }

  private static Accounts.User login(String username, String password) {
    HttpResponse<String> login = loginResponse(username, password);
    assertEquals(200, login.statusCode(), login.body());
    JsonNode tokens = Accounts.json(login);
    return new Accounts.User(
        tokens.path("userId").asText(), username, tokens.path("accessToken").asText(), tokens.path("refreshToken").asText());
  }

  /** A new member of the workspace, through the invite; password "password-<name>". */
  private static Accounts.User member(String prefix) {
    String username = prefix + NAMES.incrementAndGet();
    register(username, "password-" + username, inviteCode, 201);
    return login(username, "password-" + username);
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return Accounts.post(node.httpUrl(), "/v1/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
  }

  private static JsonNode adminOk(String op, WsClient.Fields fields) {
    return ApiClient.as(node.httpUrl(), root.accessToken()).ok(op, fields);
  }

  @Test
  void theFirstAccountAdministersTheDeploymentAndOthersNeedAnInvite() {
    assertTrue(adminOk("account.me", f -> {}).path("account").path("admin").asBoolean());

    HttpResponse<String> without = register("stranger", "stranger-password", null, 403);
    assertEquals("forbidden", Accounts.json(without).path("code").asText());
    register("stranger", "stranger-password", workspaceId + "-inope", 403);
    register("stranger", "stranger-password", "not-an-invite", 403);
    assertEquals(401, loginResponse("stranger", "stranger-password").statusCode(), "refused registrations create nothing");

    HttpResponse<String> invited = register("invited", "invited-password", inviteCode, 201);
    JsonNode body = Accounts.json(invited);
    assertEquals(workspaceId, body.path("workspace").path("id").asText(), body.toString());
    assertEquals("member", body.path("workspace").path("role").asText());
    Accounts.User user = login("invited", "invited-password");
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      assertEquals(workspaceId, ws.authData().path("workspaces").path(0).path("id").asText(), ws.authData().toString());
      assertFalse(ws.ok("account.me", f -> {}).path("account").path("admin").asBoolean());
      JsonNode members = ws.ok("workspace.members", f -> f.put("workspaceId", workspaceId)).path("members");
      assertTrue(members.toString().contains("\"username\":\"invited\""), members.toString());
    }
  }

  @Test
  void nonAdministratorsAreForbiddenEveryAdminOp() {
    Accounts.User user = member("plain");
    List<String> targetOps = List.of("admin.grant", "admin.revoke", "admin.deactivate", "admin.reactivate", "admin.reset");
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      for (String op : targetOps) {
        assertEquals("forbidden", ws.request(op, f -> f.put("username", "root")).path("code").asText(), op);
      }
      assertEquals(
          "forbidden",
          ws.request("admin.create", f -> f.put("username", "sneaky").put("password", "sneaky-password")).path("code").asText());
      assertEquals("forbidden", ws.request("admin.audit", f -> {}).path("code").asText());
    }
    ApiClient http = ApiClient.as(node.httpUrl(), user.accessToken());
    for (String op : targetOps) {
      HttpResponse<String> refused = http.call(op, f -> f.put("username", "root"));
      assertEquals(403, refused.statusCode(), op + ": " + refused.body());
    }
    assertEquals(403, http.call("admin.create", f -> f.put("username", "sneaky").put("password", "sneaky-password")).statusCode());
    assertEquals(403, http.call("admin.audit", f -> {}).statusCode());
    assertTrue(adminOk("account.me", f -> {}).path("account").path("admin").asBoolean(), "root is still an administrator");
  }

  @Test
  void administratorsMakeAndUnmakeAdministrators() {
    Accounts.User user = member("deputy");
    ApiClient deputy = ApiClient.as(node.httpUrl(), user.accessToken());
    adminOk("admin.grant", f -> f.put("username", user.username()));
    assertTrue(deputy.ok("account.me", f -> {}).path("account").path("admin").asBoolean());
    deputy.ok("admin.audit", f -> {});
    adminOk("admin.revoke", f -> f.put("username", user.username()));
    assertFalse(deputy.ok("account.me", f -> {}).path("account").path("admin").asBoolean());
    assertEquals(403, deputy.call("admin.audit", f -> {}).statusCode());
    assertEquals(403, ApiClient.as(node.httpUrl(), root.accessToken()).call("admin.revoke", f -> f.put("username", "root")).statusCode());
    assertEquals(404, ApiClient.as(node.httpUrl(), root.accessToken()).call("admin.grant", f -> f.put("username", "nobody-here")).statusCode());
  }

  @Test
  void aDeactivatedUsersSocketClosesAtOnceAndLoginIsRefusedUntilReactivated() {
    Accounts.User user = member("leaver");
    WsClient socket = WsClient.authenticated(node.wsUrl(), user.accessToken());
    String channelId =
        adminOk("channel.create", f -> f.put("workspaceId", workspaceId).put("name", "bye-" + user.username()))
            .path("channel").path("id").asText();
    socket.ok("channel.join", f -> f.put("channelId", channelId));
    long seq = socket.ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "m1").put("text", "so long")).path("seq").asLong();
    long asked = System.nanoTime();
    adminOk("admin.deactivate", f -> f.put("username", user.username()));
    int code = socket.awaitClose();
    Duration took = Duration.ofNanos(System.nanoTime() - asked);
    assertEquals(CloseCode.AUTH_FAILED, code);
    assertTrue(took.compareTo(AT_ONCE) < 0, "closed after " + took.toMillis() + " ms");
    System.out.println("deactivated user's socket closed " + took.toMillis() + " ms after admin.deactivate was sent");

    HttpResponse<String> login = loginResponse(user.username(), "password-" + user.username());
    assertEquals(403, login.statusCode(), login.body());
    assertEquals("this account is deactivated", Accounts.json(login).path("message").asText());
    assertEquals(403, refresh(user.refreshToken()).statusCode());
    HttpResponse<String> api = ApiClient.as(node.httpUrl(), user.accessToken()).call("ping", f -> {});
    assertEquals(401, api.statusCode(), "an access token issued before does not pass: " + api.body());
    HttpResponse<String> search = ApiClient.as(node.httpUrl(), user.accessToken()).searchRaw(workspaceId, "anything");
    assertEquals(401, search.statusCode(), "nor for search: " + search.body());
    try (WsClient again = WsClient.connect(node.wsUrl())) {
      assertEquals("unauthorized", again.request("auth", f -> f.put("token", user.accessToken())).path("code").asText());
      assertEquals(CloseCode.AUTH_FAILED, again.awaitClose());
    }

    JsonNode history = adminOk("history", f -> f.put("channelId", channelId)).path("events");
    assertTrue(
        history.toString().contains("\"seq\":" + seq + ",\"author\":\"" + user.userId() + "\",\"text\":\"so long\""),
        "the history keeps the post: " + history);
    JsonNode members = adminOk("workspace.members", f -> f.put("workspaceId", workspaceId)).path("members");
    assertTrue(
        members.toString().contains("\"userId\":\"" + user.userId() + "\",\"username\":\"" + user.username() + "\""),
        "the workspace keeps the name: " + members);

    adminOk("admin.reactivate", f -> f.put("username", user.username()));
    Accounts.User back = login(user.username(), "password-" + user.username());
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), back.accessToken())) {
      ws.ok("ping", f -> {});
    }
  }

  @Test
  void aPasswordResetTokenWorksOnce() {
    Accounts.User user = member("forgetful");
    JsonNode reset = adminOk("admin.reset", f -> f.put("username", user.username()));
    String token = reset.path("resetToken").asText();
    assertTrue(token.length() >= 40, reset.toString());
    assertTrue(reset.path("expiresAt").asLong() > System.currentTimeMillis());
    WsClient socket = WsClient.authenticated(node.wsUrl(), user.accessToken());

    String redeem = "{\"username\":\"" + user.username() + "\",\"resetToken\":\"" + token + "\",\"password\":\"brand-new-password\"}";
    HttpResponse<String> first = Accounts.post(node.httpUrl(), "/v1/auth/reset-password", redeem);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(CloseCode.AUTH_FAILED, socket.awaitClose(), "the user's logins end");
    HttpResponse<String> second = Accounts.post(node.httpUrl(), "/v1/auth/reset-password", redeem);
    assertEquals(401, second.statusCode(), second.body());
    HttpResponse<String> wrong =
        Accounts.post(
            node.httpUrl(),
            "/v1/auth/reset-password",
            "{\"username\":\"" + user.username() + "\",\"resetToken\":\"guess\",\"password\":\"brand-new-password\"}");
    assertEquals(401, wrong.statusCode());

    assertEquals(401, loginResponse(user.username(), "password-" + user.username()).statusCode());
    assertEquals(401, refresh(user.refreshToken()).statusCode());
    login(user.username(), "brand-new-password");
  }

  @Test
  void changingOnesPasswordEndsOtherLoginsButNotThisOne() {
    Accounts.User here = member("mover");
    Accounts.User elsewhere = login(here.username(), "password-" + here.username());
    WsClient other = WsClient.authenticated(node.wsUrl(), elsewhere.accessToken());
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), here.accessToken())) {
      JsonNode wrong =
          ws.request("account.password", f -> f.put("currentPassword", "not-it-at-all").put("newPassword", "changed-password"));
      assertEquals("forbidden", wrong.path("code").asText(), wrong.toString());
      ws.ok(
          "account.password",
          f -> f.put("currentPassword", "password-" + here.username()).put("newPassword", "changed-password"));
      assertEquals(CloseCode.AUTH_FAILED, other.awaitClose());
      ws.ok("ping", f -> {});
      assertFalse(ws.isClosed(), "the login that changed the password goes on");
    }
    assertEquals(401, refresh(elsewhere.refreshToken()).statusCode(), "the other login ended");
    assertEquals(200, refresh(here.refreshToken()).statusCode(), "this login goes on");
    assertEquals(401, loginResponse(here.username(), "password-" + here.username()).statusCode());
    login(here.username(), "changed-password");
  }

  @Test
  void usersChangeTheirDisplayName() {
    Accounts.User user = member("renamed");
    ApiClient api = ApiClient.as(node.httpUrl(), user.accessToken());
    assertEquals("Ada L.", api.ok("account.name", f -> f.put("displayName", "  Ada L. ")).path("account").path("displayName").asText());
    assertEquals("Ada L.", api.ok("account.me", f -> {}).path("account").path("displayName").asText());
    assertEquals(400, api.call("account.name", f -> f.put("displayName", " ")).statusCode());
  }

  @Test
  void administratorActionsAreInTheAuditLogNewestFirstInPages() {
    Accounts.User user = member("audited");
    adminOk("admin.grant", f -> f.put("username", user.username()));
    adminOk("admin.revoke", f -> f.put("username", user.username()));
    adminOk("admin.deactivate", f -> f.put("username", user.username()));
    JsonNode page = adminOk("admin.audit", f -> f.put("limit", 3));
    JsonNode entries = page.path("entries");
    assertEquals(3, entries.size(), page.toString());
    assertEquals("admin.deactivate", entries.path(0).path("action").asText());
    assertEquals("admin.revoke", entries.path(1).path("action").asText());
    assertEquals("admin.grant", entries.path(2).path("action").asText());
    for (JsonNode entry : entries) {
      assertEquals(root.userId(), entry.path("actorId").asText());
      assertEquals(user.username(), entry.path("target").asText());
      assertTrue(entry.path("ts").asLong() > 0);
    }
    assertTrue(page.path("hasMore").asBoolean(), "the workspace invite is older: " + page);
    long oldest = entries.path(2).path("seq").asLong();
    JsonNode older = adminOk("admin.audit", f -> f.put("before", oldest).put("limit", 200));
    assertTrue(older.path("entries").size() >= 1);
    assertTrue(older.path("entries").path(0).path("seq").asLong() < oldest);
    assertFalse(older.path("hasMore").asBoolean());
    JsonNode first = older.path("entries").path(older.path("entries").size() - 1);
    assertEquals("workspace.invite", first.path("action").asText(), "owners' actions are audited too: " + older);
    assertEquals(workspaceId, first.path("target").asText());
  }
}
