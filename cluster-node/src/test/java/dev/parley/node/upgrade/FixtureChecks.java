package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/** Checks over the wire that a node on a fixture's journal shows the fixture's facts. */
final class FixtureChecks {
  /** The projection starts from the beginning of the journal on a fresh database. */
  private static final Duration SEARCH_CATCH_UP = Duration.ofSeconds(60);

  private final TestNode node;
  private final Facts facts;
  private final Map<String, String> accessTokens = new HashMap<>();

  private FixtureChecks(TestNode node, Facts facts) {
    this.node = node;
    this.facts = facts;
  }

  static void check(TestNode node, Facts facts) {
    FixtureChecks checks = new FixtureChecks(node, facts);
    checks.usersLogInWithTheirPasswords();
    checks.refreshTokensLiveAndRevokedAsTheyWere();
    checks.membershipsReadMarkersAndMentions();
    checks.workspaceMembersAndDirectories();
    checks.channelHistories();
    checks.chosenPresence();
    checks.searchFindsThePosts();
  }

  private ApiClient api(String username) {
    return ApiClient.as(node.httpUrl(), accessTokens.get(username));
  }

  private void usersLogInWithTheirPasswords() {
    for (Facts.User user : facts.users()) {
      HttpResponse<String> login =
          Accounts.postRetryingUnavailable(
              node.httpUrl(), "/v1/auth/login", FixtureWorld.json("username", user.username(), "password", user.password()));
      assertEquals(200, login.statusCode(), () -> user.username() + " cannot log in: " + login.body());
      JsonNode tokens = Accounts.json(login);
      assertEquals(user.userId(), tokens.path("userId").asText(), user.username());
      accessTokens.put(user.username(), tokens.path("accessToken").asText());
    }
  }

  private void refreshTokensLiveAndRevokedAsTheyWere() {
    for (Facts.User user : facts.users()) {
      if (user.liveRefreshToken() != null) {
        assertEquals(200, refreshStatus(user.liveRefreshToken()), user.username() + "'s live session");
      }
      for (String revoked : user.revokedRefreshTokens()) {
        assertEquals(401, refreshStatus(revoked), user.username() + "'s revoked session");
      }
    }
  }

  private int refreshStatus(String refreshToken) {
    return Accounts.post(node.httpUrl(), "/v1/auth/refresh", FixtureWorld.json("refreshToken", refreshToken)).statusCode();
  }

  private void membershipsReadMarkersAndMentions() {
    for (Facts.User user : facts.users()) {
      try (WsClient client = WsClient.authenticated(node.wsUrl(), accessTokens.get(user.username()))) {
        JsonNode now = WireViews.memberships(client.authData());
        assertSameById(user.auth().path("workspaces"), now.path("workspaces"), "id", user.username() + "'s workspaces");
        assertSameById(user.auth().path("channels"), now.path("channels"), "id", user.username() + "'s channels");
      }
    }
  }

  private void workspaceMembersAndDirectories() {
    for (Facts.Workspace workspace : facts.workspaces()) {
      assertSameById(
          workspace.members(), WireViews.members(api(workspace.owner()), workspace.workspaceId()), "userId", workspace.name() + " members");
      workspace
          .directories()
          .forEach(
              (username, channels) ->
                  assertSameById(
                      channels,
                      WireViews.directory(api(username), workspace.workspaceId()),
                      "id",
                      workspace.name() + "'s channels as " + username + " sees them"));
    }
  }

  private void channelHistories() {
    for (Facts.Channel channel : facts.channels()) {
      String what = channel.name() + " (" + channel.channelId() + ")";
      ApiClient reader = api(channel.reader());
      JsonNode history = WireViews.history(reader, channel.channelId());
      JsonSubset.assertContained(channel.history(), history, what + " history");
      assertEquals(new TreeMap<>(channel.messages()), WireViews.messages(history), what + ": messages as they read now");
      channel
          .threads()
          .forEach(
              (root, replies) -> {
                List<Long> seqs = seqs(WireViews.thread(reader, channel.channelId(), root));
                assertEquals(replies, seqs, what + ": replies to " + root);
              });
      channel
          .refused()
          .forEach(
              (username, code) ->
                  assertEquals(
                      code,
                      WireViews.refusal(api(username), "history", n -> n.put("channelId", channel.channelId())),
                      what + " must be closed to " + username));
    }
  }

  private static List<Long> seqs(JsonNode events) {
    return StreamSupport.stream(events.spliterator(), false).map(e -> e.path("data").path("seq").asLong()).toList();
  }

  /** A chosen status shows while its user is connected. */
  private void chosenPresence() {
    for (Facts.User user : facts.users()) {
      if (user.presence().equals("online")) {
        continue;
      }
      Facts.Workspace shared =
          facts.workspaces().stream()
              .filter(w -> !w.owner().equals(user.username()) && w.directories().containsKey(user.username()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(user.username() + " shares no workspace with its owner"));
      try (WsClient connected = WsClient.authenticated(node.wsUrl(), accessTokens.get(user.username()))) {
        LocalCluster.awaitCondition(
            () -> user.presence().equals(WireViews.presence(api(shared.owner()), shared.workspaceId(), user.userId())),
            WsClient.TIMEOUT,
            user.username() + " to show as " + user.presence());
      }
    }
  }

  private void searchFindsThePosts() {
    for (Facts.Search search : facts.searches()) {
      ApiClient api = api(search.username());
      try {
        LocalCluster.awaitCondition(
            () -> search.hits().equals(WireViews.hits(api, search.workspaceId(), search.q())),
            SEARCH_CATCH_UP,
            "'" + search.q() + "' as " + search.username() + " to find " + search.hits());
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; it finds " + WireViews.hits(api, search.workspaceId(), search.q()), e);
      }
    }
  }

  /**
   * Both arrays hold the same objects by {@code key}, and each recorded object is contained in
   * the one answered now.
   */
  private static void assertSameById(JsonNode recorded, JsonNode now, String key, String what) {
    Map<String, JsonNode> byId = new TreeMap<>();
    now.forEach(item -> byId.put(item.path(key).asText(), item));
    Set<String> recordedIds = new TreeSet<>();
    for (Iterator<JsonNode> items = recorded.elements(); items.hasNext(); ) {
      JsonNode item = items.next();
      String id = item.path(key).asText();
      recordedIds.add(id);
      if (!byId.containsKey(id)) {
        fail(what + ": " + id + " is missing, now " + now);
      }
      JsonSubset.assertContained(item, byId.get(id), what + " " + id);
    }
    assertEquals(recordedIds, byId.keySet(), what);
  }
}
