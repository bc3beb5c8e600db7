package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.protocol.BuildInfo;
import dev.parley.protocol.ErrorCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.util.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/api/<op>} over real HTTP: the WebSocket's operations, errors and limits for bots and scripts. */
class OpsOverHttpTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  /** A workspace with a public channel made over HTTP; the owner is in both. */
  private record Room(Accounts.User owner, String workspaceId, String channelId) {}

  private Room room() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "olga");
    ApiClient api = api(owner);
    String workspaceId = api.ok("workspace.create", n -> n.put("name", "Bots")).path("workspace").path("id").asText();
    String channelId =
        api.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general"))
            .path("channel")
            .path("id")
            .asText();
    return new Room(owner, workspaceId, channelId);
  }

  /** A second user who joined the room's workspace and channel over HTTP. */
  private Accounts.User member(Room room) {
    Accounts.User member = Accounts.newUser(node.httpUrl(), "pia");
    String code = api(room.owner()).ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
    api(member).ok("workspace.join", n -> n.put("code", code));
    api(member).ok("channel.join", n -> n.put("channelId", room.channelId()));
    return member;
  }

  private static void assertError(int status, String code, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, Accounts.json(response).path("code").asText(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void aScriptCreatesAWorkspaceAndChannelPostsAndReadsHistory() {
    Room room = room();
    ApiClient api = api(room.owner());
    JsonNode workspace = api.ok("workspace.channels", n -> n.put("workspaceId", room.workspaceId()));
    assertEquals("general", workspace.path("channels").get(0).path("name").asText());

    JsonNode posted =
        api.ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "bot-1").put("text", "build green"));
    assertEquals(2, posted.path("seq").asLong(), "the creator joined at 1");
    assertTrue(posted.path("ts").asLong() > 0);
    assertFalse(posted.has("duplicate"));
    JsonNode retried =
        api.ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "bot-1").put("text", "build green"));
    assertEquals(posted.path("seq").asLong(), retried.path("seq").asLong());
    assertTrue(retried.path("duplicate").asBoolean());

    JsonNode history = api.ok("history", n -> n.put("channelId", room.channelId()));
    assertFalse(history.path("hasMore").asBoolean());
    assertEquals(2, history.path("events").size());
    JsonNode post = history.path("events").get(1);
    assertEquals("message.posted", post.path("type").asText());
    assertEquals("build green", post.path("data").path("text").asText());
    assertEquals(room.owner().userId(), post.path("data").path("author").asText());
  }

  @Test
  void anOpWithoutFieldsTakesAnEmptyBody() {
    HttpResponse<String> ping = api(Accounts.newUser(node.httpUrl(), "quin")).callRaw("ping", "");
    assertEquals(200, ping.statusCode(), ping.body());
    assertEquals("{}", ping.body());
  }

  @Test
  void aPostOverHttpArrivesLiveOnAMembersWebSocket() {
    Room room = room();
    Accounts.User member = member(room);
    try (WsClient socket = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      String clientMsgId = UUID.randomUUID().toString();
      JsonNode posted =
          api(room.owner())
              .ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", clientMsgId).put("text", "deployed"));
      JsonNode event = socket.awaitEvent("message.posted", d -> clientMsgId.equals(d.path("clientMsgId").asText()));
      assertEquals(room.channelId(), event.path("channelId").asText());
      assertEquals(posted.path("seq").asLong(), event.path("seq").asLong());
      assertEquals("deployed", event.path("text").asText());
      assertEquals(room.owner().userId(), event.path("author").asText());
    }
  }

  @Test
  void malformedBodiesAndBadFieldsAreBadRequests() {
    ApiClient api = api(Accounts.newUser(node.httpUrl(), "rita"));
    for (String body :
        List.of(
            "{not json",
            "[1,2]",
            "\"text\"",
            "{\"channelId\":\"c1\",\"clientMsgId\":\"m\"}",
            "{\"channelId\":{\"a\":1},\"clientMsgId\":\"m\",\"text\":\"t\"}",
            "{\"channelId\":\"c1\",\"clientMsgId\":\"m\",\"text\":5}")) {
      assertError(400, "bad_request", api.callRaw("message.post", body));
    }
  }

  @Test
  void unknownAndSocketOnlyOpsAreBadRequests() {
    ApiClient api = api(Accounts.newUser(node.httpUrl(), "sven"));
    HttpResponse<String> unknown = api.callRaw("no.such.op", "{}");
    assertError(400, "bad_request", unknown);
    assertTrue(Accounts.json(unknown).path("message").asText().contains("unknown op"), unknown.body());
    for (String op : List.of("auth", "typing")) {
      HttpResponse<String> socketOnly = api.callRaw(op, "{\"token\":\"x\",\"channelId\":\"c1\"}");
      assertError(400, "bad_request", socketOnly);
      assertTrue(Accounts.json(socketOnly).path("message").asText().contains("WebSocket"), socketOnly.body());
    }
  }

  @Test
  void callsWithoutAValidAccessTokenAreUnauthorized() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "tess");
    for (ApiClient api :
        List.of(
            ApiClient.withAuthorization(node.httpUrl(), null),
            ApiClient.withAuthorization(node.httpUrl(), "Bearer not-a-token"),
            ApiClient.withAuthorization(node.httpUrl(), "Basic dGVzczpwYXNzd29yZA=="),
            ApiClient.as(node.httpUrl(), user.refreshToken()))) {
      HttpResponse<String> response = api.callRaw("ping", "{}");
      assertError(401, "unauthorized", response);
      assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }
  }

  @Test
  void refusalsCarryTheirStatus() {
    Room room = room();
    Accounts.User member = member(room);
    Accounts.User outsider = Accounts.newUser(node.httpUrl(), "ugo");
    assertError(403, "forbidden", api(member).call("workspace.invite", n -> n.put("workspaceId", room.workspaceId())));
    assertError(404, "not_found", api(outsider).call("workspace.members", n -> n.put("workspaceId", room.workspaceId())));
    assertError(
        409,
        "conflict",
        api(member).call("channel.create", n -> n.put("workspaceId", room.workspaceId()).put("name", "general")));
  }

  @Test
  void anOpCalledWithGetIsRefused() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/api/ping"))
                    .timeout(WsClient.TIMEOUT)
                    .header("Authorization", "Bearer " + Accounts.newUser(node.httpUrl(), "yan").accessToken())
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertError(405, "bad_request", response);
  }

  @Test
  void aBodyOverTheFrameLimitIsTooLarge() {
    ApiClient api = api(Accounts.newUser(node.httpUrl(), "vera"));
    assertError(413, "too_large", api.callRaw("ping", "{\"pad\":\"" + "x".repeat(70_000) + "\"}"));
  }

  @Test
  void badRequestsGetTheSameErrorOverHttpAsOverTheWebSocket() {
    Room room = room();
    ApiClient api = api(room.owner());
    List<String> bodies =
        List.of(
            "{\"channelId\":\"" + room.channelId() + "\",\"clientMsgId\":\"m\"}",
            "{\"channelId\":\"" + room.channelId() + "\",\"clientMsgId\":\"m\",\"text\":\"   \"}",
            "{\"channelId\":\"" + room.channelId() + "\",\"clientMsgId\":\"m\",\"text\":\"" + "y".repeat(4001) + "\"}",
            "{\"channelId\":\"" + room.channelId() + "\",\"clientMsgId\":\"" + "z".repeat(65) + "\",\"text\":\"t\"}",
            "{\"channelId\":\"" + room.channelId() + "\",\"clientMsgId\":\"m\",\"text\":\"t\",\"threadSeq\":\"1\"}",
            "{\"channelId\":\"nowhere\",\"clientMsgId\":\"m\",\"text\":\"t\"}");
    try (WsClient socket = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      for (String body : bodies) {
        HttpResponse<String> overHttp = api.callRaw("message.post", body);
        String frame = "{\"op\":\"message.post\",\"ref\":\"same\"," + body.substring(1);
        socket.sendRaw(frame);
        JsonNode overSocket = socket.awaitFrame(f -> "same".equals(f.path("ref").asText()));
        assertEquals("error", overSocket.path("op").asText(), overSocket.toString());
        JsonNode error = Accounts.json(overHttp);
        assertEquals(overSocket.path("code").asText(), error.path("code").asText(), body);
        assertEquals(overSocket.path("message").asText(), error.path("message").asText(), body);
        assertEquals(
            ErrorCode.fromWire(error.path("code").asText()).httpStatus(), overHttp.statusCode(), body);
      }
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(WsClient.TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theNodeTellsItsBuildWithoutAToken() throws Exception {
    HttpResponse<String> response = get(node.httpUrl() + "/v1/version");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode version = Accounts.json(response);
    Set<String> fields = new HashSet<>();
    version.fieldNames().forEachRemaining(fields::add);
    assertEquals(Set.of("version", "commit", "built"), fields);
    assertEquals(BuildInfo.CURRENT.version(), version.path("version").asText());
    assertEquals(BuildInfo.CURRENT.commit(), version.path("commit").asText());
    assertEquals(BuildInfo.CURRENT.built(), version.path("built").asText());

    HttpResponse<String> metrics = get(node.managementUrl() + "/metrics");
    assertEquals(200, metrics.statusCode());
    String sample =
        "parley_build_info{commit=\"" + BuildInfo.CURRENT.commit() + "\",version=\"" + BuildInfo.CURRENT.version() + "\"} 1";
    assertTrue(metrics.body().lines().anyMatch(sample::equals), "no line " + sample + " in /metrics");

    assertEquals(
        new Version(BuildInfo.CURRENT.version()),
        Cluster.get(node.system().classicSystem()).selfMember().appVersion(),
        "the version this node announces to the cluster for rolling updates");
  }

  @Test
  void aUserOverTheRateIsRefusedWithRetryAfterWhileOthersGoOn() {
    int burst = 5;
    Map<String, Object> slow =
        Map.of("parley.connection.requests-per-second", 1, "parley.connection.request-burst", burst);
    try (TestNode limited = TestNode.startH2(slow)) {
      ApiClient busy = ApiClient.as(limited.httpUrl(), Accounts.newUser(limited.httpUrl(), "wes").accessToken());
      ApiClient other = ApiClient.as(limited.httpUrl(), Accounts.newUser(limited.httpUrl(), "xia").accessToken());
      HttpResponse<String> last = null;
      for (int i = 0; i < 2 * burst && (last == null || last.statusCode() == 200); i++) {
        last = busy.callRaw("ping", "{}");
      }
      assertError(429, "rate_limited", last);
      assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) >= 1);
      assertEquals(200, other.callRaw("ping", "{}").statusCode());
    }
  }
}
