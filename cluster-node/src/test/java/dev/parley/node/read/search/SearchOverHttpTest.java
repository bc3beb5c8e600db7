package dev.parley.node.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.telemetry.Metrics;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.testing.TestDatabases;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /v1/search} against started nodes: posts made over WebSockets become searchable. */
class SearchOverHttpTest {
  private static final Duration CATCH_UP = Duration.ofSeconds(20);
  /**
   * The projection looks for new events this often in these tests, so they wait less; and the
   * tests that poll for hits may query as often as they like.
   */
  private static final Map<String, Object> FAST_POLL =
      Map.of("parley.search.poll-interval", "100ms", "parley.search.queries-per-minute", 60_000, "parley.search.queries-burst", 1000);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(FAST_POLL);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A workspace owned by {@code owner} with its first channel. */
  private record Room(String workspaceId, String channelId) {}

  private static Room room(TestNode on, Accounts.User owner) {
    try (WsClient client = WsClient.authenticated(on.wsUrl(), owner.accessToken())) {
      String workspaceId = client.ok("workspace.create", n -> n.put("name", "Team")).path("workspace").path("id").asText();
      return new Room(workspaceId, createChannel(client, workspaceId, "general", false));
    }
  }

  /** {@code member} joins the workspace of {@code room} through an invite of {@code owner}. */
  private static void admit(WsClient owner, WsClient member, Room room) {
    String code = owner.ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
    member.ok("workspace.join", n -> n.put("code", code));
  }

  private static String createChannel(WsClient client, String workspaceId, String name, boolean isPrivate) {
    return client
        .ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", name).put("private", isPrivate))
        .path("channel")
        .path("id")
        .asText();
  }

  private static JsonNode post(WsClient client, String channelId, String text) {
    return client.ok(
        "message.post",
        n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
  }

  private static HttpResponse<String> get(TestNode on, String authorization, Map<String, String> parameters) {
    String query =
        parameters.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(on.httpUrl() + "/v1/search?" + query)).timeout(WsClient.TIMEOUT).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET /v1/search failed", e);
    }
  }

  private static Map<String, String> params(String... keysAndValues) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      parameters.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return parameters;
  }

  /** The hits of a successful search. */
  private static List<JsonNode> search(TestNode on, Accounts.User user, String workspaceId, String q) {
    HttpResponse<String> response = get(on, "Bearer " + user.accessToken(), params("workspaceId", workspaceId, "q", q));
    assertEquals(200, response.statusCode(), response.body());
    List<JsonNode> hits = new ArrayList<>();
    Accounts.json(response).path("hits").forEach(hits::add);
    return hits;
  }

  private static List<JsonNode> awaitHits(TestNode on, Accounts.User user, String workspaceId, String q, int count) {
    LocalCluster.awaitCondition(
        () -> search(on, user, workspaceId, q).size() == count, CATCH_UP, count + " hits for '" + q + "'");
    return search(on, user, workspaceId, q);
  }

  private static List<String> texts(List<JsonNode> hits) {
    return hits.stream().map(hit -> hit.path("text").asText()).toList();
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, Accounts.json(response).path("code").asText(), response.body());
  }

  private static double gauge(String name) {
    return Metrics.REGISTRY.scrape().stream()
        .filter(snapshot -> snapshot.getMetadata().getName().equals(name))
        .map(snapshot -> ((GaugeSnapshot) snapshot).getDataPoints().get(0).getValue())
        .findFirst()
        .orElse(Double.NaN);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void postsBecomeSearchableOnceAndStaySoAcrossARestart(Dialect dialect, @TempDir Path dir) {
    DatabaseSettings database = TestDatabases.fresh(dialect, dir);
    Accounts.User alice;
    Room room;
    List<JsonNode> before;
    try (TestNode first = TestNode.startOn(database, FAST_POLL)) {
      alice = Accounts.newUser(first.httpUrl(), "alice");
      room = room(first, alice);
      JsonNode fox;
      try (WsClient client = WsClient.authenticated(first.wsUrl(), alice.accessToken())) {
        fox = post(client, room.channelId(), "The quick brown fox");
        post(client, room.channelId(), "a lazy brown dog");
        post(client, room.channelId(), "hello world");
      }

      before = awaitHits(first, alice, room.workspaceId(), "brown", 2);
      List<JsonNode> quickFox = search(first, alice, room.workspaceId(), "QUICK fox");
      assertEquals(1, quickFox.size());
      JsonNode hit = quickFox.get(0);
      assertEquals(room.channelId(), hit.path("channelId").asText());
      assertEquals(fox.path("seq").asLong(), hit.path("seq").asLong());
      assertEquals("The quick brown fox", hit.path("text").asText());
      assertEquals(alice.userId(), hit.path("authorId").asText());
      assertEquals(fox.path("ts").asLong(), hit.path("ts").asLong());
      assertEquals(List.of(), search(first, alice, room.workspaceId(), "fox dog"));

      LocalCluster.awaitCondition(
          () -> gauge("parley_search_projection_events_behind") == 0 && gauge("parley_search_projection_lag_seconds") == 0,
          CATCH_UP,
          "the projection metrics to show it caught up");
    }

    try (TestNode second = TestNode.startOn(database, FAST_POLL);
        WsClient client = WsClient.authenticated(second.wsUrl(), alice.accessToken())) {
      post(client, room.channelId(), "brown bear");

      List<JsonNode> after = awaitHits(second, alice, room.workspaceId(), "brown", 3);
      assertEquals(3, after.stream().map(h -> h.path("seq").asLong()).collect(Collectors.toSet()).size(), after.toString());
      assertEquals(new HashSet<>(texts(before)), new HashSet<>(texts(after.subList(1, 3))), "the new post is the newest hit");
    }
  }

  @Test
  void hitsComeOnlyFromChannelsTheCallerIsAMemberOfAtQueryTime() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(node.httpUrl(), "bob");
    Room room = room(node, alice);
    try (WsClient a = WsClient.authenticated(node.wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(node.wsUrl(), bob.accessToken())) {
      admit(a, b, room);
      b.ok("channel.join", n -> n.put("channelId", room.channelId()));
      String secret = createChannel(a, room.workspaceId(), "secret", true);
      String music = createChannel(a, room.workspaceId(), "music", false);
      for (String channelId : List.of(room.channelId(), secret, music)) {
        post(a, channelId, "pineapple pizza in " + channelId);
      }

      awaitHits(node, alice, room.workspaceId(), "pineapple", 3);
      List<JsonNode> bobs = search(node, bob, room.workspaceId(), "pineapple");
      assertEquals(List.of(room.channelId()), bobs.stream().map(h -> h.path("channelId").asText()).toList());

      b.ok("channel.leave", n -> n.put("channelId", room.channelId()));
      assertEquals(List.of(), search(node, bob, room.workspaceId(), "pineapple"));
    }
  }

  /**
   * The hole found from outside: the creator of a private channel left it, a member posted, and the
   * creator's {@code channel.create} of the same name handed the channel back, so search showed them
   * the post made after they left.
   */
  @Test
  void aCreatorWhoLeftAPrivateChannelCannotTakeItBackByCreatingItsNameAgain() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(node.httpUrl(), "bob");
    Room room = room(node, alice);
    try (WsClient a = WsClient.authenticated(node.wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(node.wsUrl(), bob.accessToken())) {
      admit(a, b, room);
      String secret = createChannel(a, room.workspaceId(), "secret", true);
      a.ok("channel.add", n -> n.put("channelId", secret).put("userId", bob.userId()));
      a.ok("channel.leave", n -> n.put("channelId", secret));
      post(b, secret, "kiwi plans after alice left");
      awaitHits(node, bob, room.workspaceId(), "kiwi", 1);

      JsonNode again =
          a.request(
              "channel.create", n -> n.put("workspaceId", room.workspaceId()).put("name", "secret").put("private", true));

      assertEquals("conflict", again.path("code").asText(), again.toString());
      assertEquals(List.of(), search(node, alice, room.workspaceId(), "kiwi"));
      List<String> listed = new ArrayList<>();
      a.ok("workspace.channels", n -> n.put("workspaceId", room.workspaceId()))
          .path("channels")
          .forEach(c -> listed.add(c.path("id").asText()));
      assertEquals(List.of(room.channelId()), listed);
      a.assertNoFrameMatching(
          f -> f.path("data").path("channelId").asText().equals(secret) && f.toString().contains("kiwi"),
          "alice got a post of a channel she left");
    }
  }

  @Test
  void aUserOverTheQueryRateIsRefusedWithRetryAfterAndOthersAreNot() {
    try (TestNode limited = TestNode.startH2(Map.of("parley.search.queries-per-minute", 6, "parley.search.queries-burst", 3))) {
      Accounts.User alice = Accounts.newUser(limited.httpUrl(), "alice");
      Accounts.User bob = Accounts.newUser(limited.httpUrl(), "bob");
      Room room = room(limited, alice);
      Map<String, String> query = params("workspaceId", room.workspaceId(), "q", "anything");

      for (int i = 0; i < 3; i++) {
        assertEquals(200, get(limited, "Bearer " + alice.accessToken(), query).statusCode());
      }
      HttpResponse<String> refused = get(limited, "Bearer " + alice.accessToken(), query);

      assertError(refused, 429, "rate_limited");
      assertEquals(true, refused.headers().firstValue("Retry-After").isPresent(), refused.headers().toString());
      assertError(get(limited, "Bearer " + bob.accessToken(), query), 404, "not_found");
    }
  }

  @Test
  void aWorkspaceTheCallerIsNotInIsNotFound() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Accounts.User carol = Accounts.newUser(node.httpUrl(), "carol");
    Room room = room(node, alice);
    String carols = "Bearer " + carol.accessToken();

    assertError(get(node, carols, params("workspaceId", room.workspaceId(), "q", "anything")), 404, "not_found");
    assertError(get(node, carols, params("workspaceId", "w-nosuchworkspace", "q", "anything")), 404, "not_found");
    // '|' cannot be part of an entity id: refused before any entity would fail to start on it
    assertError(get(node, carols, params("workspaceId", "w|x", "q", "anything")), 404, "not_found");
  }

  @Test
  void searchWithoutAValidAccessTokenIsUnauthorized() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Room room = room(node, alice);
    Map<String, String> valid = params("workspaceId", room.workspaceId(), "q", "hello");

    assertError(get(node, null, valid), 401, "unauthorized");
    assertError(get(node, "Bearer not-a-token", valid), 401, "unauthorized");
    assertError(get(node, "Basic " + alice.accessToken(), valid), 401, "unauthorized");
    assertError(get(node, "Bearer " + alice.refreshToken(), valid), 401, "unauthorized");
  }

  @Test
  void badParametersAreBadRequests() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Room room = room(node, alice);
    String bearer = "Bearer " + alice.accessToken();
    String ws = room.workspaceId();

    for (Map<String, String> bad :
        List.of(
            params("q", "hello"),
            params("workspaceId", "", "q", "hello"),
            params("workspaceId", "w".repeat(65), "q", "hello"),
            params("workspaceId", ws),
            params("workspaceId", ws, "q", "   "),
            params("workspaceId", ws, "q", "x".repeat(201)),
            params("workspaceId", ws, "q", "hello", "limit", "0"),
            params("workspaceId", ws, "q", "hello", "limit", "101"),
            params("workspaceId", ws, "q", "hello", "limit", "ten"))) {
      assertError(get(node, bearer, bad), 400, "bad_request");
    }
    assertEquals(200, get(node, bearer, params("workspaceId", ws, "q", "x".repeat(200), "limit", "100")).statusCode());
  }

  @Test
  void limitKeepsTheNewestHits() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Room room = room(node, alice);
    try (WsClient client = WsClient.authenticated(node.wsUrl(), alice.accessToken())) {
      for (int i = 1; i <= 3; i++) {
        post(client, room.channelId(), "standup " + i);
      }
    }
    awaitHits(node, alice, room.workspaceId(), "standup", 3);

    HttpResponse<String> limited =
        get(node, "Bearer " + alice.accessToken(), params("workspaceId", room.workspaceId(), "q", "standup", "limit", "2"));
    assertEquals(200, limited.statusCode(), limited.body());
    List<String> texts = new ArrayList<>();
    Accounts.json(limited).path("hits").forEach(hit -> texts.add(hit.path("text").asText()));
    assertEquals(List.of("standup 3", "standup 2"), texts);
  }
}
