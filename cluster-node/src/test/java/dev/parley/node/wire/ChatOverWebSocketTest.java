package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users chatting over real WebSockets against a started node (embedded H2), on Pekko HTTP's own
 * binding ({@code parley.http.transport = pekko}), the transport that is one setting away; the
 * other wire tests run on the default, the node's own sockets.
 */
class ChatOverWebSocketTest {
  private static final int RECENT_EVENTS = 20;
  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.startH2(
            Map.of(
                "parley.connection.auth-timeout", "2s",
                "parley.channel.recent-events", RECENT_EVENTS,
                "parley.http.transport", "pekko"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A workspace with a public channel; the owner and a member who joined both. */
  private record Room(Accounts.User owner, Accounts.User member, String workspaceId, String channelId) {}

  private Room room() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(node.httpUrl(), "bob");
    try (WsClient a = WsClient.authenticated(node.wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(node.wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Team")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String channelId =
          a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general"))
              .path("channel")
              .path("id")
              .asText();
      b.ok("channel.join", n -> n.put("channelId", channelId));
      return new Room(alice, bob, workspaceId, channelId);
    }
  }

  private static JsonNode post(WsClient client, String channelId, String text) {
    return client.ok(
        "message.post",
        n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
  }

  @Test
  void membersOnEveryConnectionReceivePostsInSeqOrder() {
    Room room = room();
    try (WsClient alice1 = WsClient.authenticated(node.wsUrl(), room.owner().accessToken());
        WsClient alice2 = WsClient.authenticated(node.wsUrl(), room.owner().accessToken());
        WsClient bob = WsClient.authenticated(node.wsUrl(), room.member().accessToken())) {
      List<Long> acked = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        acked.add(post(i % 2 == 0 ? alice1 : bob, room.channelId(), "hello " + i).path("seq").asLong());
      }
      for (WsClient client : List.of(alice1, alice2, bob)) {
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          JsonNode event = client.awaitEvent("message.posted", d -> d.path("text").asText().startsWith("hello"));
          assertEquals(room.channelId(), event.path("channelId").asText());
          seen.add(event.path("seq").asLong());
        }
        assertEquals(acked, seen);
      }
    }
  }

  @Test
  void authReplyListsWorkspacesAndChannelsWithSeqs() {
    Room room = room();
    try (WsClient bob = WsClient.authenticated(node.wsUrl(), room.member().accessToken())) {
      JsonNode auth = bob.authData();
      assertEquals(room.member().userId(), auth.path("user").path("id").asText());
      assertEquals(room.member().username(), auth.path("user").path("username").asText());
      assertEquals("member", auth.path("workspaces").get(0).path("role").asText());
      JsonNode channel = auth.path("channels").get(0);
      assertEquals(room.channelId(), channel.path("id").asText());
      assertEquals("public", channel.path("kind").asText());
      assertEquals(2, channel.path("lastSeq").asLong(), "creator joined at 1, bob at 2");
      assertEquals(2, channel.path("memberCount").asInt(), "as of lastSeq: " + channel);
    }
  }

  @Test
  void aChannelAnswersWithHowManyAreInIt() {
    Room room = room();
    Accounts.User carol = Accounts.newUser(node.httpUrl(), "carol");
    try (WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken());
        WsClient c = WsClient.authenticated(node.wsUrl(), carol.accessToken())) {
      String code = alice.ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
      c.ok("workspace.join", n -> n.put("code", code));
      assertEquals(3, c.ok("channel.join", n -> n.put("channelId", room.channelId())).path("channel").path("memberCount").asInt());
      c.ok("channel.leave", n -> n.put("channelId", room.channelId()));
      JsonNode created = c.ok("channel.create", n -> n.put("workspaceId", room.workspaceId()).put("name", "quiet")).path("channel");
      assertEquals(1, created.path("memberCount").asInt(), created.toString());
    }
    try (WsClient bob = WsClient.authenticated(node.wsUrl(), room.member().accessToken())) {
      JsonNode general = bob.authData().path("channels").get(0);
      assertEquals(2, general.path("memberCount").asInt(), "Carol joined and left: " + general);
    }
  }

  @Test
  void retriedPostReturnsFirstResultAndCreatesNothing() {
    Room room = room();
    try (WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      JsonNode first =
          alice.ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "m-1").put("text", "once"));
      JsonNode retry =
          alice.ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "m-1").put("text", "once"));
      assertEquals(first.path("seq").asLong(), retry.path("seq").asLong());
      assertEquals(first.path("ts").asLong(), retry.path("ts").asLong());
      assertTrue(retry.path("duplicate").asBoolean());
      assertFalse(first.has("duplicate"));
      JsonNode history = alice.ok("history", n -> n.put("channelId", room.channelId()));
      long posts = 0;
      for (JsonNode e : history.path("events")) {
        posts += "message.posted".equals(e.path("type").asText()) ? 1 : 0;
      }
      assertEquals(1, posts);
    }
  }

  @Test
  void reconnectingClientResumesFromItsLastSeq() {
    Room room = room();
    long lastSeen;
    try (WsClient bob = WsClient.authenticated(node.wsUrl(), room.member().accessToken());
        WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      post(alice, room.channelId(), "before");
      lastSeen = bob.awaitEvent("message.posted", d -> d.path("text").asText().equals("before")).path("seq").asLong();
    }
    try (WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      for (int i = 0; i < 5; i++) {
        post(alice, room.channelId(), "missed " + i);
      }
    }
    try (WsClient bob = WsClient.connect(node.wsUrl());
        WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      bob.ok(
          "auth",
          n -> n.put("token", room.member().accessToken()).putObject("resume").put(room.channelId(), lastSeen));
      for (int i = 0; i < 5; i++) {
        JsonNode event = bob.awaitEvent("message.posted", d -> true);
        assertEquals(lastSeen + 1 + i, event.path("seq").asLong());
        assertEquals("missed " + i, event.path("text").asText());
      }
      post(alice, room.channelId(), "live");
      JsonNode live = bob.awaitEvent("message.posted", d -> true);
      assertEquals("live", live.path("text").asText());
      assertEquals(lastSeen + 6, live.path("seq").asLong());
    }
  }

  /**
   * A client may have seen events this node's view of the channel has not caught up with (a newer
   * owner wrote them, after a partition): what it resumes from is kept, nothing is sent twice.
   */
  @Test
  void aResumePastTheHeadTheNodeKnowsIsKept() {
    Room room = room();
    long head;
    try (WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      head = post(alice, room.channelId(), "seen by all").path("seq").asLong();
    }
    try (WsClient bob = WsClient.connect(node.wsUrl());
        WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      bob.ok("auth", n -> n.put("token", room.member().accessToken()).putObject("resume").put(room.channelId(), head + 2));
      for (int i = 1; i <= 3; i++) {
        post(alice, room.channelId(), "after " + i);
      }
      JsonNode first = bob.awaitEvent("message.posted", d -> true);
      assertEquals(head + 3, first.path("seq").asLong(), first::toString);
    }
  }

  @Test
  void historyPagesBackwardAndForwardBeyondTheRecentWindow() {
    Room room = room();
    try (WsClient alice = WsClient.authenticated(node.wsUrl(), room.owner().accessToken())) {
      int posts = 2 * RECENT_EVENTS + 5;
      for (int i = 0; i < posts; i++) {
        post(alice, room.channelId(), "m" + i);
      }
      long lastSeq = posts + 2;
      JsonNode latest = alice.ok("history", n -> n.put("channelId", room.channelId()).put("limit", 10));
      assertEquals(seqs(lastSeq - 9, lastSeq), seqsOf(latest));
      assertTrue(latest.path("hasMore").asBoolean());

      JsonNode oldest = alice.ok("history", n -> n.put("channelId", room.channelId()).put("before", 6).put("limit", 10));
      assertEquals(seqs(1, 5), seqsOf(oldest));
      assertFalse(oldest.path("hasMore").asBoolean());
      assertEquals("member.joined", oldest.path("events").get(0).path("type").asText());
      assertEquals("m0", oldest.path("events").get(2).path("data").path("text").asText());

      JsonNode forward = alice.ok("history", n -> n.put("channelId", room.channelId()).put("after", 3).put("limit", 4));
      assertEquals(seqs(4, 7), seqsOf(forward));
      assertTrue(forward.path("hasMore").asBoolean());

      JsonNode end = alice.ok("history", n -> n.put("channelId", room.channelId()).put("after", lastSeq - 2).put("limit", 4));
      assertEquals(seqs(lastSeq - 1, lastSeq), seqsOf(end));
      assertFalse(end.path("hasMore").asBoolean());
    }
  }

  private static List<Long> seqs(long from, long to) {
    List<Long> seqs = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      seqs.add(s);
    }
    return seqs;
  }

  private static List<Long> seqsOf(JsonNode history) {
    List<Long> seqs = new ArrayList<>();
    history.path("events").forEach(e -> seqs.add(e.path("data").path("seq").asLong()));
    return seqs;
  }

  @Test
  void badFramesGetBadRequestAndTheConnectionStaysOpen() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "carol");
    try (WsClient client = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      for (String bad :
          List.of(
              "{not json",
              "[1,2]",
              "{\"op\":\"no.such.op\",\"ref\":\"x\"}",
              "{\"ref\":\"y\"}",
              "{\"op\":\"message.post\",\"ref\":\"z\",\"channelId\":\"c1\",\"clientMsgId\":\"m\"}",
              "{\"op\":\"message.post\",\"ref\":\"w\",\"channelId\":{\"a\":1},\"clientMsgId\":\"m\",\"text\":\"t\"}")) {
        client.sendRaw(bad);
        JsonNode error = client.awaitFrame(f -> "error".equals(f.path("op").asText()));
        assertEquals("bad_request", error.path("code").asText(), bad);
      }
      client.sendBinary(new byte[] {1, 2, 3});
      assertEquals("bad_request", client.awaitFrame(f -> "error".equals(f.path("op").asText())).path("code").asText());
      JsonNode unknown = client.request("no.such.op", n -> {});
      assertTrue(unknown.path("message").asText().contains("unknown op"), unknown.toString());
      assertEquals("ok", client.request("ping", n -> {}).path("op").asText());
      assertFalse(client.isClosed());
    }
  }

  @Test
  void requestsBeforeAuthAreRefused() {
    try (WsClient client = WsClient.connect(node.wsUrl())) {
      JsonNode reply = client.request("ping", n -> {});
      assertEquals("unauthorized", reply.path("code").asText());
      assertFalse(client.isClosed());
    }
  }

  @Test
  void badTokenClosesWith4001() {
    try (WsClient client = WsClient.connect(node.wsUrl())) {
      JsonNode reply = client.request("auth", n -> n.put("token", "not-a-token"));
      assertEquals("unauthorized", reply.path("code").asText());
      assertEquals(4001, client.awaitClose());
    }
  }

  @Test
  void noAuthInTimeClosesWith4001() {
    try (WsClient client = WsClient.connect(node.wsUrl())) {
      assertEquals(4001, client.awaitClose());
    }
  }

  @Test
  void frameOverTheLimitClosesWith1009() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "dave");
    try (WsClient client = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      client.sendRaw("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
      assertEquals(1009, client.awaitClose());
    }
  }

  @Test
  void outsidersOfTheWorkspaceCannotJoinReadOrPost() {
    Room room = room();
    Accounts.User eve = Accounts.newUser(node.httpUrl(), "eve");
    try (WsClient client = WsClient.authenticated(node.wsUrl(), eve.accessToken())) {
      assertEquals("not_found", client.request("channel.join", n -> n.put("channelId", room.channelId())).path("code").asText());
      assertEquals("not_found", client.request("history", n -> n.put("channelId", room.channelId())).path("code").asText());
      assertEquals(
          "not_found",
          client
              .request("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "e").put("text", "hi"))
              .path("code")
              .asText());
      assertEquals(
          "not_found", client.request("workspace.members", n -> n.put("workspaceId", room.workspaceId())).path("code").asText());
    }
  }

  @Test
  void channelJoinedOnOneConnectionIsDeliveredOnTheOthers() {
    Room room = room();
    Accounts.User carol = Accounts.newUser(node.httpUrl(), "carol");
    try (WsClient owner = WsClient.authenticated(node.wsUrl(), room.owner().accessToken());
        WsClient carol1 = WsClient.authenticated(node.wsUrl(), carol.accessToken());
        WsClient carol2 = WsClient.authenticated(node.wsUrl(), carol.accessToken())) {
      String code = owner.ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
      carol1.ok("workspace.join", n -> n.put("code", code));
      carol1.ok("channel.join", n -> n.put("channelId", room.channelId()));
      JsonNode joined = carol2.awaitEvent("member.joined", d -> carol.userId().equals(d.path("userId").asText()));
      post(owner, room.channelId(), "welcome");
      JsonNode welcome = carol2.awaitEvent("message.posted", d -> true);
      assertEquals(joined.path("seq").asLong() + 1, welcome.path("seq").asLong());
    }
  }

  @Test
  void pagesFromAnotherOriginCannotOpenASocket() {
    assertThrows(Exception.class, () -> WsClient.connect(node.wsUrl(), true, "http://evil.example"));
    try (WsClient sameOrigin = WsClient.connect(node.wsUrl(), true, node.httpUrl())) {
      assertEquals("unauthorized", sameOrigin.request("ping", n -> {}).path("code").asText());
    }
  }
}
