package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every op and event of the wire contract (docs/protocol.md) over a real three-node cluster. Each test
 * has its own workspace; its users hold their WebSockets on different nodes and HTTP calls go to
 * yet another node, so whatever a user receives crossed the cluster. One cluster serves the class:
 * starting it is the slow part.
 */
class ContractClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Low, so that a resume misses more than the server replays after a few posts. */
  private static final int MAX_REPLAY = 20;
  /** Presence and the search index follow a moment after the change that moves them. */
  private static final Duration SETTLE = Duration.ofSeconds(20);
  /** The node the drain test drains and starts again: not the first seed, which forms the cluster. */
  private static final int DRAINED = 2;

  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster =
        LocalCluster.start(
            3,
            PostgresTestServer.freshDatabase(),
            Map.of("parley.connection.max-replay", MAX_REPLAY, "parley.search.poll-interval", "100ms"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void workspaceMembersSeeRolesChannelsAndPresenceAcrossNodes() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String workspaceId = team.workspaceId();
      assertEquals(JSON.createObjectNode(), alice.ws().ok("ping", n -> {}));
      Accounts.User carol = Accounts.newUser(cluster.node(2).httpUrl(), "carol");
      String code = team.invite();
      JsonNode joined = ApiClient.as(cluster.node(2).httpUrl(), carol.accessToken()).ok("workspace.join", n -> n.put("code", code));
      assertEquals(workspaceId, joined.path("workspace").path("id").asText());
      assertEquals("member", joined.path("workspace").path("role").asText());

      ApiClient aliceOverHttp = team.api(alice, 2);
      JsonNode members = aliceOverHttp.ok("workspace.members", n -> n.put("workspaceId", workspaceId)).path("members");
      assertEquals(3, members.size());
      assertMember(members, alice.id(), "owner", "online");
      assertMember(members, bob.id(), "member", "online");
      assertMember(members, carol.userId(), "member", "offline");

      assertEquals("forbidden", bob.ws().request("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText());
      alice.ws().ok("workspace.role", n -> n.put("workspaceId", workspaceId).put("userId", bob.id()).put("role", "admin"));
      members = aliceOverHttp.ok("workspace.members", n -> n.put("workspaceId", workspaceId)).path("members");
      assertMember(members, bob.id(), "admin", "online");
      bob.ws().ok("workspace.invite", n -> n.put("workspaceId", workspaceId));
      assertEquals(
          "forbidden",
          bob.ws()
              .request("workspace.role", n -> n.put("workspaceId", workspaceId).put("userId", carol.userId()).put("role", "admin"))
              .path("code")
              .asText());
      try (WsClient bobAgain = WsClient.authenticated(cluster.node(2).wsUrl(), bob.user().accessToken())) {
        JsonNode workspace = bobAgain.authData().path("workspaces").get(0);
        assertEquals(workspaceId, workspace.path("id").asText());
        assertEquals("admin", workspace.path("role").asText());
      }

      String general = team.channel("general");
      String secret =
          alice.ws()
              .ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "secret").put("private", true))
              .path("channel")
              .path("id")
              .asText();
      assertEquals(Set.of(general, secret), channelIds(alice.ws().ok("workspace.channels", n -> n.put("workspaceId", workspaceId))));
      assertEquals(Set.of(general), channelIds(bob.ws().ok("workspace.channels", n -> n.put("workspaceId", workspaceId))));

      bob.ws().close();
      alice.ws().awaitEvent("presence", d -> d.path("userId").asText().equals(bob.id()) && d.path("status").asText().equals("offline"));
      LocalCluster.awaitCondition(
          () -> presenceOf(aliceOverHttp, workspaceId, bob.id()).equals("offline"), SETTLE, "bob to show as offline");
    }
  }

  @Test
  void aTokenRefreshedOnOneNodeAuthenticatesOnAnotherAndTheOldRefreshTokenIsSpent() {
    Accounts.User dana = Accounts.newUser(cluster.node(0).httpUrl(), "dana");
    String body = "{\"refreshToken\":\"" + dana.refreshToken() + "\"}";
    HttpResponse<String> refreshed = Accounts.post(cluster.node(1).httpUrl(), "/v1/auth/refresh", body);
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    assertEquals(401, Accounts.post(cluster.node(2).httpUrl(), "/v1/auth/refresh", body).statusCode());
    String accessToken = Accounts.json(refreshed).path("accessToken").asText();
    try (WsClient client = WsClient.authenticated(cluster.node(2).wsUrl(), accessToken)) {
      JsonNode user = client.authData().path("user");
      assertEquals(dana.userId(), user.path("id").asText());
      assertEquals(dana.username(), user.path("username").asText());
    }
  }

  @Test
  void presenceSetReachesUsersOfASharedWorkspaceOnAnotherNode() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      bob.ws().ok("presence.set", n -> n.put("status", "dnd"));
      alice.ws().awaitEvent("presence", d -> d.path("userId").asText().equals(bob.id()) && d.path("status").asText().equals("dnd"));
      assertEquals("dnd", presenceOf(team.api(alice, 2), team.workspaceId(), bob.id()));
      bob.ws().ok("presence.set", n -> n.put("status", "away"));
      alice.ws().awaitEvent("presence", d -> d.path("userId").asText().equals(bob.id()) && d.path("status").asText().equals("away"));
    }
  }

  @Test
  void channelsAreCreatedJoinedLeftAndAddedToAcrossNodes() {
    try (Team team = Team.of(cluster, 0, 1, 2)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      Team.Member carol = team.get(2);
      String workspaceId = team.workspaceId();

      JsonNode general =
          alice.ws()
              .ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general").put("topic", "hello"))
              .path("channel");
      String generalId = general.path("id").asText();
      assertEquals("public", general.path("kind").asText());
      assertEquals("hello", general.path("topic").asText());
      JsonNode bobsGeneral = bob.ws().ok("channel.join", n -> n.put("channelId", generalId)).path("channel");
      assertEquals(generalId, bobsGeneral.path("id").asText());
      long bobJoined = alice.ws().awaitEvent("member.joined", d -> d.path("userId").asText().equals(bob.id())).path("seq").asLong();
      assertEquals(2, bobJoined);
      bob.ws().ok("channel.leave", n -> n.put("channelId", generalId));
      JsonNode left = alice.ws().awaitEvent("member.left", d -> d.path("channelId").asText().equals(generalId));
      assertEquals(bob.id(), left.path("userId").asText());
      assertEquals(3, left.path("seq").asLong());
      assertEquals("forbidden", bob.ws().request("history", n -> n.put("channelId", generalId)).path("code").asText());

      JsonNode ops =
          alice.ws()
              .ok(
                  "channel.create",
                  n -> n.put("workspaceId", workspaceId).put("name", "ops").put("private", true).put("topic", "on call"))
              .path("channel");
      String opsId = ops.path("id").asText();
      assertEquals("private", ops.path("kind").asText());
      assertEquals("on call", ops.path("topic").asText());
      assertEquals("not_found", bob.ws().request("channel.join", n -> n.put("channelId", opsId)).path("code").asText());

      alice.ws().ok("channel.add", n -> n.put("channelId", opsId).put("userId", carol.id()));
      long topicSeq = alice.ws().ok("channel.topic", n -> n.put("channelId", opsId).put("topic", "incident 7")).path("seq").asLong();
      long posted = post(alice.ws(), opsId, "page carol").path("seq").asLong();

      JsonNode added = nextAbout(carol.ws(), opsId);
      assertEquals("channel.added", added.path("type").asText());
      assertEquals("private", added.path("data").path("channel").path("kind").asText());
      assertEquals("ops", added.path("data").path("channel").path("name").asText());
      JsonNode carolJoined = nextAbout(carol.ws(), opsId);
      assertEquals("member.joined", carolJoined.path("type").asText());
      assertEquals(carol.id(), carolJoined.path("data").path("userId").asText());
      JsonNode topic = nextAbout(carol.ws(), opsId);
      assertEquals("channel.topic", topic.path("type").asText());
      assertEquals(topicSeq, topic.path("data").path("seq").asLong());
      assertEquals("incident 7", topic.path("data").path("topic").asText());
      assertEquals("incident 7", alice.ws().awaitEvent("channel.topic", d -> d.path("seq").asLong() == topicSeq).path("topic").asText());
      JsonNode page = nextAbout(carol.ws(), opsId);
      assertEquals("message.posted", page.path("type").asText());
      assertEquals(posted, page.path("data").path("seq").asLong());
      assertEquals(Set.of(generalId, opsId), channelIds(carol.ws().ok("workspace.channels", n -> n.put("workspaceId", workspaceId))));
      assertEquals(Set.of(generalId), channelIds(bob.ws().ok("workspace.channels", n -> n.put("workspaceId", workspaceId))));
    }
  }

  @Test
  void aDirectMessageIsOneChannelWhoeverOpensItAndTellsTheOtherOfReads() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      JsonNode dm =
          alice.ws()
              .ok("dm.open", n -> n.put("workspaceId", team.workspaceId()).set("userIds", JSON.createArrayNode().add(bob.id())))
              .path("channel");
      String dmId = dm.path("id").asText();
      assertEquals("dm", dm.path("kind").asText());
      for (WsClient member : List.of(alice.ws(), bob.ws())) {
        JsonNode added = member.awaitEvent("channel.added", d -> d.path("channel").path("id").asText().equals(dmId));
        assertEquals("dm", added.path("channel").path("kind").asText());
      }
      JsonNode again =
          bob.ws()
              .ok("dm.open", n -> n.put("workspaceId", team.workspaceId()).set("userIds", JSON.createArrayNode().add(alice.id())))
              .path("channel");
      assertEquals(dmId, again.path("id").asText());

      // Alice on two nodes: wherever the DM lives, at least one receipt has to cross the cluster.
      WsClient aliceElsewhere = team.connect(alice, 2);
      long seq = awaitFollowing(dmId, alice.ws(), alice.ws(), aliceElsewhere, bob.ws());
      bob.ws().ok("read", n -> n.put("channelId", dmId).put("seq", seq));
      for (WsClient connection : List.of(alice.ws(), aliceElsewhere)) {
        JsonNode receipt = connection.awaitEvent("receipt", d -> d.path("channelId").asText().equals(dmId));
        assertEquals(bob.id(), receipt.path("userId").asText());
        assertEquals(seq, receipt.path("seq").asLong());
      }
    }
  }

  @Test
  void postsEditsDeletionsReactionsAndThreadsReachEveryMember() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String channelId = team.channel("general");
      ApiClient aliceOverHttp = team.api(alice, 2);

      String text = "hello @" + bob.user().username();
      JsonNode posted =
          aliceOverHttp.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "m1").put("text", text));
      long root = posted.path("seq").asLong();
      for (WsClient member : List.of(alice.ws(), bob.ws())) {
        JsonNode event = member.awaitEvent("message.posted", d -> d.path("seq").asLong() == root);
        assertEquals(channelId, event.path("channelId").asText());
        assertEquals(alice.id(), event.path("author").asText());
        assertEquals(text, event.path("text").asText());
        assertEquals("m1", event.path("clientMsgId").asText());
        assertEquals(posted.path("ts").asLong(), event.path("ts").asLong());
        assertEquals(JSON.createArrayNode().add(bob.id()), event.path("mentions"));
      }
      JsonNode retried = alice.ws().ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "m1").put("text", text));
      assertEquals(root, retried.path("seq").asLong());
      assertTrue(retried.path("duplicate").asBoolean());

      long edit =
          alice.ws().ok("message.edit", n -> n.put("channelId", channelId).put("seq", root).put("text", "hello all")).path("seq").asLong();
      for (WsClient member : List.of(alice.ws(), bob.ws())) {
        JsonNode event = member.awaitEvent("message.edited", d -> d.path("seq").asLong() == edit);
        assertEquals(root, event.path("target").asLong());
        assertEquals("hello all", event.path("text").asText());
        assertTrue(event.path("ts").asLong() >= posted.path("ts").asLong());
      }
      assertEquals(
          "forbidden",
          bob.ws().request("message.edit", n -> n.put("channelId", channelId).put("seq", root).put("text", "mine")).path("code").asText());

      WsClient.Fields thumbsUp = n -> n.put("channelId", channelId).put("seq", root).put("emoji", "👍");
      long reaction = bob.ws().ok("reaction.add", thumbsUp).path("seq").asLong();
      JsonNode reacted = alice.ws().awaitEvent("reaction.added", d -> d.path("seq").asLong() == reaction);
      assertEquals(root, reacted.path("target").asLong());
      assertEquals("👍", reacted.path("emoji").asText());
      assertEquals(bob.id(), reacted.path("userId").asText());
      assertEquals(
          reaction,
          team.api(bob, 2).ok("reaction.add", thumbsUp).path("seq").asLong(), "a repeated add is the same reaction");
      long unreaction = bob.ws().ok("reaction.remove", thumbsUp).path("seq").asLong();
      assertEquals(reaction + 1, unreaction);
      JsonNode unreacted = alice.ws().awaitEvent("reaction.removed", d -> d.path("seq").asLong() == unreaction);
      assertEquals(root, unreacted.path("target").asLong());
      assertEquals(bob.id(), unreacted.path("userId").asText());

      long firstReply = reply(bob.ws(), channelId, root, "reply one");
      long secondReply = reply(alice.ws(), channelId, root, "reply two");
      post(alice.ws(), channelId, "not in the thread");
      JsonNode threaded = bob.ws().awaitEvent("message.posted", d -> d.path("seq").asLong() == secondReply);
      assertEquals(root, threaded.path("threadSeq").asLong());
      JsonNode thread = bob.ws().ok("thread", n -> n.put("channelId", channelId).put("seq", root));
      assertEquals(List.of(firstReply, secondReply), seqs(thread));
      assertEquals(List.of("reply one", "reply two"), texts(thread));
      assertFalse(thread.path("hasMore").asBoolean());

      long deletion = alice.ws().ok("message.delete", n -> n.put("channelId", channelId).put("seq", firstReply)).path("seq").asLong();
      for (WsClient member : List.of(alice.ws(), bob.ws())) {
        assertEquals(firstReply, member.awaitEvent("message.deleted", d -> d.path("seq").asLong() == deletion).path("target").asLong());
      }
      JsonNode refused = bob.ws().request("message.delete", n -> n.put("channelId", channelId).put("seq", secondReply));
      assertEquals("forbidden", refused.path("code").asText());
      JsonNode deleted = entry(bob.ws().ok("history", n -> n.put("channelId", channelId)), firstReply);
      assertEquals("message.posted", deleted.path("type").asText());
      assertTrue(deleted.path("data").path("deleted").asBoolean());
      assertFalse(deleted.path("data").has("text"));
    }
  }

  @Test
  void historyPagesBackwardAndForwardWithHasMore() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String channelId = team.channel("general");
      ApiClient aliceOverHttp = team.api(alice, 2);
      for (int i = 3; i <= 10; i++) {
        String text = "message " + i;
        aliceOverHttp.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", text).put("text", text));
      }
      WsClient reader = bob.ws();
      JsonNode latest = reader.ok("history", n -> n.put("channelId", channelId).put("limit", 3));
      assertEquals(List.of(8L, 9L, 10L), seqs(latest));
      assertTrue(latest.path("hasMore").asBoolean());
      JsonNode older = reader.ok("history", n -> n.put("channelId", channelId).put("before", 8).put("limit", 3));
      assertEquals(List.of(5L, 6L, 7L), seqs(older));
      assertTrue(older.path("hasMore").asBoolean());
      JsonNode oldest = reader.ok("history", n -> n.put("channelId", channelId).put("before", 3).put("limit", 5));
      assertEquals(List.of(1L, 2L), seqs(oldest));
      assertEquals(List.of("member.joined", "member.joined"), types(oldest));
      assertFalse(oldest.path("hasMore").asBoolean());
      JsonNode newer = reader.ok("history", n -> n.put("channelId", channelId).put("after", 6).put("limit", 3));
      assertEquals(List.of(7L, 8L, 9L), seqs(newer));
      assertTrue(newer.path("hasMore").asBoolean());
      JsonNode newest = reader.ok("history", n -> n.put("channelId", channelId).put("after", 8).put("limit", 5));
      assertEquals(List.of(9L, 10L), seqs(newest));
      assertEquals(List.of("message 9", "message 10"), texts(newest));
      assertFalse(newest.path("hasMore").asBoolean());
      JsonNode all = team.api(bob, 0).ok("history", n -> n.put("channelId", channelId));
      assertEquals(10, all.path("events").size());
      assertFalse(all.path("hasMore").asBoolean());
    }
  }

  @Test
  void aMentionCountsUntilReadAndReadsReachTheUsersOtherConnections() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String channelId = team.channel("general");
      WsClient bobElsewhere = team.connect(bob, 2);

      long mention = post(alice.ws(), channelId, "ping @" + bob.user().username()).path("seq").asLong();
      LocalCluster.awaitCondition(() -> channelOnAuth(bob, 0, channelId).path("mentions").asInt() == 1, SETTLE, "bob's mention");
      bob.ws().ok("read", n -> n.put("channelId", channelId).put("seq", mention));
      assertEquals(mention, bobElsewhere.awaitEvent("read", d -> d.path("channelId").asText().equals(channelId)).path("seq").asLong());
      JsonNode afterRead = channelOnAuth(bob, 0, channelId);
      assertEquals(0, afterRead.path("mentions").asInt());
      assertEquals(mention, afterRead.path("readSeq").asLong());

      long later = post(alice.ws(), channelId, "more").path("seq").asLong();
      bobElsewhere.awaitEvent("message.posted", d -> d.path("seq").asLong() == later);
      bobElsewhere.ok("read", n -> n.put("channelId", channelId).put("seq", later));
      JsonNode firstRead = bob.ws().awaitEvent("read", d -> true);
      assertEquals(later, firstRead.path("seq").asLong(), "the connection that read heard its own read");
    }
  }

  @Test
  void typingReachesTheOtherMembersButNotTheTypist() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String channelId = team.channel("general");
      WsClient bobElsewhere = team.connect(bob, 2);
      awaitFollowing(channelId, alice.ws(), alice.ws(), bob.ws(), bobElsewhere);
      bob.ws().ok("typing", n -> n.put("channelId", channelId));
      JsonNode typing = alice.ws().awaitEvent("typing", d -> true);
      assertEquals(channelId, typing.path("channelId").asText());
      assertEquals(bob.id(), typing.path("userId").asText());
      alice.ws().ok("typing", n -> n.put("channelId", channelId));
      for (WsClient connection : List.of(bob.ws(), bobElsewhere)) {
        assertEquals(alice.id(), connection.awaitEvent("typing", d -> true).path("userId").asText(), "bob heard his own typing");
      }
    }
  }

  @Test
  void aCallSignalReachesEveryConnectionOfTheTargetUnchanged() throws Exception {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      WsClient bobElsewhere = team.connect(bob, 2);
      JsonNode payload =
          JSON.readTree(
              "{\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\",\"candidates\":[{\"port\":9,\"tcp\":false}],"
                  + "\"q\":0.5,\"none\":null,\"e\":{}}");
      alice.ws().ok("call.signal", n -> n.put("toUserId", bob.id()).put("callId", "k1").put("kind", "offer").set("payload", payload));
      for (WsClient connection : List.of(bob.ws(), bobElsewhere)) {
        JsonNode signal = connection.awaitEvent("call.signal", d -> true);
        assertEquals(alice.id(), signal.path("fromUserId").asText());
        assertEquals("k1", signal.path("callId").asText());
        assertEquals("offer", signal.path("kind").asText());
        assertEquals(payload, signal.path("payload"));
      }
    }
  }

  @Test
  void aResumeReplaysWhatWasMissedAndSendsGapBeyondTheReplayLimit() {
    try (Team team = Team.of(cluster, 0)) {
      Team.Member alice = team.owner();
      String channelId = team.channel("general");
      ApiClient overHttp = team.api(alice, 1);
      long last = 0;
      for (int i = 0; i < MAX_REPLAY + 5; i++) {
        String text = "burst " + i;
        last =
            overHttp.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", text).put("text", text)).path("seq").asLong();
      }
      long head = last;

      try (WsClient resumed = resume(alice, 2, channelId, head - 3)) {
        for (long seq = head - 2; seq <= head; seq++) {
          assertEquals(seq, resumed.awaitEvent("message.posted", d -> true).path("seq").asLong());
        }
      }
      try (WsClient farBehind = resume(alice, 2, channelId, 0)) {
        JsonNode gap = farBehind.awaitEvent("gap", d -> true);
        assertEquals(channelId, gap.path("channelId").asText());
        assertEquals(0, gap.path("after").asLong());
        long live = post(alice.ws(), channelId, "after the gap").path("seq").asLong();
        assertEquals(live, farBehind.awaitEvent("message.posted", d -> true).path("seq").asLong());
      }
    }
  }

  @Test
  void searchFindsAPostThroughEveryNodeUntilItIsDeleted() {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String channelId = team.channel("general");
      String word = "quokka" + UUID.randomUUID().toString().replace("-", "").replaceAll("[0-9]", "");
      String text = "the " + word + " has landed";
      long seq = post(alice.ws(), channelId, text).path("seq").asLong();
      for (int node = 0; node < 3; node++) {
        ApiClient searcher = team.api(bob, node);
        LocalCluster.awaitCondition(
            () -> searcher.search(team.workspaceId(), word).path("hits").size() == 1, SETTLE, "the post to be found");
        JsonNode hit = searcher.search(team.workspaceId(), word).path("hits").get(0);
        assertEquals(channelId, hit.path("channelId").asText());
        assertEquals(seq, hit.path("seq").asLong());
        assertEquals(text, hit.path("text").asText());
        assertEquals(alice.id(), hit.path("authorId").asText());
      }
      alice.ws().ok("message.delete", n -> n.put("channelId", channelId).put("seq", seq));
      for (int node = 0; node < 3; node++) {
        ApiClient searcher = team.api(bob, node);
        LocalCluster.awaitCondition(
            () -> searcher.search(team.workspaceId(), word).path("hits").isEmpty(), SETTLE, "the deleted post to be gone");
      }
    }
  }

  @Test
  void aDrainingNodeTellsItsClientsAndTheOthersCarryOn() throws Exception {
    try (Team team = Team.of(cluster, 0, 1)) {
      Team.Member alice = team.owner();
      Team.Member bob = team.get(1);
      String channelId = team.channel("general");
      WsClient onDrained = team.connect(alice, DRAINED);
      assertEquals(202, cluster.admin(DRAINED, "drain", LocalCluster.ADMIN_TOKEN));
      onDrained.awaitEvent("draining", d -> true);
      assertEquals(4004, onDrained.awaitClose());
      assertEquals(0, cluster.node(DRAINED).awaitExit(Duration.ofSeconds(60)));
      cluster.awaitRemoved(DRAINED, 0, 1);
      long seq = post(bob.ws(), channelId, "still here").path("seq").asLong();
      alice.ws().awaitEvent("message.posted", d -> d.path("seq").asLong() == seq);
    } finally {
      if (!cluster.node(DRAINED).isAlive()) {
        cluster.startNode(DRAINED);
        cluster.awaitMembers(0, 3);
        cluster.awaitMembers(DRAINED, 3);
      }
    }
  }


  /** A connection of {@code member} to {@code node} that resumes {@code channelId} after {@code lastSeq}. */
  private static WsClient resume(Team.Member member, int node, String channelId, long lastSeq) {
    WsClient client = WsClient.connect(cluster.node(node).wsUrl());
    JsonNode reply =
        client.request(
            "auth",
            n -> {
              n.put("token", member.user().accessToken());
              n.putObject("resume").put(channelId, lastSeq);
            });
    assertEquals("ok", reply.path("op").asText(), reply::toString);
    return client;
  }

  /**
   * Posts on {@code poster} and waits until every listener received the post live: then the
   * channel sends its ephemeral signals (typing, receipts) to the listeners' nodes too, which it
   * learns a moment after a connection opened.
   */
  private static long awaitFollowing(String channelId, WsClient poster, WsClient... listeners) {
    long seq = post(poster, channelId, "following?").path("seq").asLong();
    for (WsClient listener : listeners) {
      listener.awaitEvent("message.posted", d -> d.path("channelId").asText().equals(channelId) && d.path("seq").asLong() == seq);
    }
    return seq;
  }

  private static JsonNode post(WsClient client, String channelId, String text) {
    return client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
  }

  private static long reply(WsClient client, String channelId, long threadSeq, String text) {
    return client
        .ok(
            "message.post",
            n ->
                n.put("channelId", channelId)
                    .put("clientMsgId", UUID.randomUUID().toString())
                    .put("text", text)
                    .put("threadSeq", threadSeq))
        .path("seq")
        .asLong();
  }

  /** The next event of a channel, or about it ({@code channel.added}): the whole frame. */
  private static JsonNode nextAbout(WsClient client, String channelId) {
    return client.awaitFrame(
        f ->
            "event".equals(f.path("op").asText())
                && (channelId.equals(f.path("data").path("channelId").asText())
                    || channelId.equals(f.path("data").path("channel").path("id").asText())));
  }

  /** The channel as a fresh {@code auth} on {@code node} lists it. */
  private static JsonNode channelOnAuth(Team.Member member, int node, String channelId) {
    try (WsClient client = WsClient.authenticated(cluster.node(node).wsUrl(), member.user().accessToken())) {
      for (JsonNode channel : client.authData().path("channels")) {
        if (channel.path("id").asText().equals(channelId)) {
          return channel;
        }
      }
    }
    throw new AssertionError("channel " + channelId + " missing from the auth reply");
  }

  private static String presenceOf(ApiClient api, String workspaceId, String userId) {
    for (JsonNode member : api.ok("workspace.members", n -> n.put("workspaceId", workspaceId)).path("members")) {
      if (member.path("userId").asText().equals(userId)) {
        return member.path("presence").asText();
      }
    }
    throw new AssertionError(userId + " is not a member");
  }

  private static void assertMember(JsonNode members, String userId, String role, String presence) {
    for (JsonNode member : members) {
      if (member.path("userId").asText().equals(userId)) {
        assertEquals(role, member.path("role").asText(), member::toString);
        assertEquals(presence, member.path("presence").asText(), member::toString);
        assertFalse(member.path("username").asText().isEmpty());
        return;
      }
    }
    throw new AssertionError(userId + " missing from " + members);
  }

  private static JsonNode entry(JsonNode page, long seq) {
    for (JsonNode entry : page.path("events")) {
      if (entry.path("data").path("seq").asLong() == seq) {
        return entry;
      }
    }
    throw new AssertionError("seq " + seq + " missing from " + page);
  }

  private static Set<String> channelIds(JsonNode data) {
    Set<String> ids = new HashSet<>();
    data.path("channels").forEach(channel -> ids.add(channel.path("id").asText()));
    return ids;
  }

  private static List<Long> seqs(JsonNode page) {
    List<Long> seqs = new ArrayList<>();
    page.path("events").forEach(entry -> seqs.add(entry.path("data").path("seq").asLong()));
    return seqs;
  }

  private static List<String> texts(JsonNode page) {
    List<String> texts = new ArrayList<>();
    page.path("events").forEach(entry -> texts.add(entry.path("data").path("text").asText()));
    return texts;
  }

  private static List<String> types(JsonNode page) {
    List<String> types = new ArrayList<>();
    page.path("events").forEach(entry -> types.add(entry.path("type").asText()));
    return types;
  }
}
