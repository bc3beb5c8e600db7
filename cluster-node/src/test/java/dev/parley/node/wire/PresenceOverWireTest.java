package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence over real WebSockets: a client that asks for {@code presence.batch} at {@code auth}
 * gets the changes of a window in one frame, one that does not gets a {@code presence} frame per
 * change, and either hears only the latest of a user's changes within a window.
 */
class PresenceOverWireTest {
  /** Long, so that the changes a test makes in a row fall into one window. */
  private static final String WINDOW = "2s";

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.presence.batch-window", WINDOW));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Team(Accounts.User alice, Accounts.User bob, Accounts.User carol, Accounts.User dave) {}

  private static Team team() {
    List<Accounts.User> users = new ArrayList<>();
    for (String name : List.of("alice", "bob", "carol", "dave")) {
      users.add(Accounts.newUser(node.httpUrl(), name));
    }
    try (WsClient owner = WsClient.authenticated(node.wsUrl(), users.get(0).accessToken())) {
      String workspaceId = owner.ok("workspace.create", n -> n.put("name", "Team")).path("workspace").path("id").asText();
      String code = owner.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      for (Accounts.User member : users.subList(1, users.size())) {
        try (WsClient socket = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
          socket.ok("workspace.join", n -> n.put("code", code));
        }
      }
    }
    return new Team(users.get(0), users.get(1), users.get(2), users.get(3));
  }

  private static boolean isEvent(JsonNode frame, String type) {
    return "event".equals(frame.path("op").asText()) && type.equals(frame.path("type").asText());
  }

  private static boolean changes(JsonNode batch, String userId, String status) {
    for (JsonNode change : batch.path("changes")) {
      if (change.path("userId").asText().equals(userId) && change.path("status").asText().equals(status)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theServerGrantsTheFeaturesItKnowsAndIgnoresTheRest() {
    Accounts.User erin = Accounts.newUser(node.httpUrl(), "erin");
    try (WsClient batched = WsClient.authenticated(node.wsUrl(), erin.accessToken(), List.of("presence.batch", "x-future", "presence.batch"));
        WsClient plain = WsClient.authenticated(node.wsUrl(), erin.accessToken())) {
      assertEquals(List.of("presence.batch"), textsOf(batched.authData().path("features")));
      assertFalse(plain.authData().has("features"), "an auth without features is answered as before: " + plain.authData());
    }
    try (WsClient socket = WsClient.connect(node.wsUrl())) {
      JsonNode refused = socket.request("auth", n -> n.put("token", erin.accessToken()).put("features", "presence.batch"));
      assertEquals("bad_request", refused.path("code").asText(), "features must be a list: " + refused);
    }
    try (WsClient socket = WsClient.connect(node.wsUrl())) {
      JsonNode refused =
          socket.request(
              "auth",
              n -> {
                n.put("token", erin.accessToken());
                for (int i = 0; i <= 32; i++) {
                  n.withArray("features").add("f" + i);
                }
              });
      assertEquals("bad_request", refused.path("code").asText(), "at most 32 features: " + refused);
    }
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  @Test
  void aBatchingClientGetsAWindowsChangesInOneFrameAndAPlainClientAFramePerChange() {
    Team team = team();
    try (WsClient carol = WsClient.authenticated(node.wsUrl(), team.carol().accessToken(), List.of("presence.batch"));
        WsClient dave = WsClient.authenticated(node.wsUrl(), team.dave().accessToken());
        WsClient alice = WsClient.authenticated(node.wsUrl(), team.alice().accessToken());
        WsClient bob = WsClient.authenticated(node.wsUrl(), team.bob().accessToken())) {
      // Bob came online last: once he is told, so is everyone before him.
      carol.awaitEvent("presence.batch", d -> changes(d, team.bob().userId(), "online"));
      dave.awaitEvent("presence", d -> d.path("userId").asText().equals(team.bob().userId()));
      assertTrue(
          carol.framesSoFar().stream().anyMatch(f -> isEvent(f, "presence.batch") && changes(f.path("data"), team.alice().userId(), "online")),
          "Carol heard Alice come online");
      int carolsBefore = countEvents(carol, "presence.batch");

      // Alice is away and back within one window: those who saw her online hear nothing of it.
      alice.ok("presence.set", n -> n.put("status", "away"));
      bob.ok("presence.set", n -> n.put("status", "dnd"));
      alice.ok("presence.set", n -> n.put("status", "online"));

      JsonNode batch = carol.awaitEvent("presence.batch", d -> changes(d, team.bob().userId(), "dnd"));
      assertEquals(1, batch.path("changes").size(), "only Bob's change is news to Carol: " + batch);
      dave.awaitEvent("presence", d -> d.path("userId").asText().equals(team.bob().userId()) && d.path("status").asText().equals("dnd"));
      // A barrier: the hub told every connection of the window before these answers.
      carol.ok("ping", n -> {});
      dave.ok("ping", n -> {});
      assertEquals(carolsBefore + 1, countEvents(carol, "presence.batch"), "one frame for the window");
      carol.assertNoFrameMatching(f -> isEvent(f, "presence"), "a batching client got a presence frame");
      dave.assertNoFrameMatching(f -> isEvent(f, "presence.batch"), "a plain client got a presence.batch frame");
      for (WsClient member : List.of(carol, dave)) {
        member.assertNoFrameMatching(
            f -> (isEvent(f, "presence") && "away".equals(f.path("data").path("status").asText()))
                || (isEvent(f, "presence.batch") && changes(f.path("data"), team.alice().userId(), "away")),
            "Alice's away, undone within the window, was told");
      }
    }
  }

  private static int countEvents(WsClient client, String type) {
    return (int) client.framesSoFar().stream().filter(f -> isEvent(f, type)).count();
  }
}
