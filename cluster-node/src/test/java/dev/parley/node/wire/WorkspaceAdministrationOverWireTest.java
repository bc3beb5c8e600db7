package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What workspace owners and admins do to their workspace, over the wire: remove a member (who
 * receives nothing more of it, on a socket that stays open), hand the workspace on, rename it,
 * archive a channel (read-only, still readable and searchable) and delete one, and make invites
 * that expire or run out, listed and revoked; every action is in the audit log.
 */
class WorkspaceAdministrationOverWireTest {
  private static TestNode node;
  /** The deployment's first account: an administrator, who reads the audit log. */
  private static Accounts.User root;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.auth.registration", "open"));
    root = Accounts.newUser(node.httpUrl(), "first");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A workspace of a new owner, with {@code members} more who joined through an invite. */
  private record Team(String workspaceId, Accounts.User owner, List<Accounts.User> members) {}

  private static Team team(int members) {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    ApiClient api = api(owner);
    String workspaceId = api.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
    String code = api.ok("workspace.invite", f -> f.put("workspaceId", workspaceId)).path("code").asText();
    List<Accounts.User> joined = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      Accounts.User member = Accounts.newUser(node.httpUrl(), "member");
      api(member).ok("workspace.join", f -> f.put("code", code));
      joined.add(member);
    }
    return new Team(workspaceId, owner, joined);
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static String channel(Accounts.User creator, String workspaceId, boolean isPrivate) {
    String name = "c" + UUID.randomUUID().toString().substring(0, 8);
    return api(creator)
        .ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", name).put("private", isPrivate))
        .path("channel").path("id").asText();
  }

  private static long post(Accounts.User author, String channelId, String text) {
    return api(author)
        .ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text))
        .path("seq").asLong();
  }

  private static String code(HttpResponse<String> refused) {
    return Accounts.json(refused).path("code").asText();
  }

  private static Predicate<JsonNode> event(String type, String channelId) {
    return f -> "event".equals(f.path("op").asText()) && type.equals(f.path("type").asText())
        && channelId.equals(f.path("data").path("channelId").asText());
  }

  private static JsonNode auditEntry(String action, String target) {
    JsonNode entries = api(root).ok("admin.audit", f -> f.put("limit", 200)).path("entries");
    return StreamSupport.stream(entries.spliterator(), false)
        .filter(e -> e.path("action").asText().equals(action) && e.path("target").asText().equals(target))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no audit entry " + action + " " + target + " in " + entries));
  }


  @Test
  void aRemovedMemberReceivesNothingMoreOfTheWorkspaceAndCanNoLongerReadOrPost() {
    Team team = team(2);
    Accounts.User removed = team.members().get(0);
    Accounts.User stays = team.members().get(1);
    String open = channel(team.owner(), team.workspaceId(), false);
    String closed = channel(team.owner(), team.workspaceId(), true);
    api(removed).ok("channel.join", f -> f.put("channelId", open));
    api(stays).ok("channel.join", f -> f.put("channelId", open));
    api(team.owner()).ok("channel.add", f -> f.put("channelId", closed).put("userId", removed.userId()));
    api(team.owner()).ok("channel.add", f -> f.put("channelId", closed).put("userId", stays.userId()));
    String dm =
        api(team.owner())
            .ok("dm.open", f -> f.put("workspaceId", team.workspaceId()).putArray("userIds").add(removed.userId()))
            .path("channel").path("id").asText();
    Team elsewhere = team(0);
    String other = channel(elsewhere.owner(), elsewhere.workspaceId(), true);
    String otherCode = api(elsewhere.owner()).ok("workspace.invite", f -> f.put("workspaceId", elsewhere.workspaceId())).path("code").asText();
    api(removed).ok("workspace.join", f -> f.put("code", otherCode));
    api(elsewhere.owner()).ok("channel.add", f -> f.put("channelId", other).put("userId", removed.userId()));

    try (WsClient socket = WsClient.authenticated(node.wsUrl(), removed.accessToken());
        WsClient bystander = WsClient.authenticated(node.wsUrl(), stays.accessToken());
        WsClient owner = WsClient.authenticated(node.wsUrl(), team.owner().accessToken())) {
      post(team.owner(), open, "before the removal");
      socket.awaitEvent("message.posted", d -> d.path("channelId").asText().equals(open));

      assertEquals(403, remove(stays, team, removed).statusCode(), "a plain member removes nobody");
      api(team.owner()).ok("workspace.remove", f -> f.put("workspaceId", team.workspaceId()).put("userId", removed.userId()));

      for (String channelId : List.of(open, closed, dm)) {
        JsonNode left = socket.awaitEvent("member.left", d -> d.path("channelId").asText().equals(channelId));
        assertEquals(removed.userId(), left.path("userId").asText());
      }
      assertEquals(team.workspaceId(), socket.awaitEvent("workspace.removed", d -> true).path("workspaceId").asText());
      bystander.awaitEvent("member.left", d -> d.path("channelId").asText().equals(open));

      long afterOpen = post(team.owner(), open, "after the removal, public");
      post(team.owner(), closed, "after the removal, private");
      post(team.owner(), dm, "after the removal, in the DM");
      owner.ok("typing", f -> f.put("channelId", open));
      bystander.awaitEvent("typing", d -> d.path("channelId").asText().equals(open));
      bystander.awaitEvent("message.posted", d -> d.path("seq").asLong() == afterOpen);
      // Posted after those: the same node's hub hands it to this socket after whatever came before.
      post(elsewhere.owner(), other, "barrier");
      socket.awaitEvent("message.posted", d -> d.path("channelId").asText().equals(other));
      socket.assertNoFrameMatching(
          f -> f.path("data").path("text").asText().startsWith("after the removal"), "the removed member got a post");
      socket.assertNoFrameMatching(f -> "typing".equals(f.path("type").asText()), "the removed member saw someone typing");

      bystander.ok("presence.set", f -> f.put("status", "dnd"));
      owner.awaitEvent("presence", d -> d.path("userId").asText().equals(stays.userId()) && d.path("status").asText().equals("dnd"));
      // The node's presence hub told every connection before the owner's heard it: this answer comes after.
      socket.ok("ping", f -> {});
      socket.assertNoFrameMatching(
          f -> "presence".equals(f.path("type").asText()) && "dnd".equals(f.path("data").path("status").asText()),
          "the removed member heard the presence of the workspace's members");

      for (String channelId : List.of(open, closed, dm)) {
        assertEquals("not_found", socket.request("history", f -> f.put("channelId", channelId)).path("code").asText(), channelId);
        assertEquals(
            "not_found",
            socket.request("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "late").put("text", "hello?"))
                .path("code").asText(),
            channelId);
      }
      assertEquals("not_found", socket.request("channel.join", f -> f.put("channelId", open)).path("code").asText());
      assertEquals("not_found", socket.request("workspace.members", f -> f.put("workspaceId", team.workspaceId())).path("code").asText());
      assertEquals(404, api(removed).searchRaw(team.workspaceId(), "removal").statusCode());
      assertFalse(socket.isClosed(), "the socket stays open for the user's other workspaces");
    }
    try (WsClient again = WsClient.authenticated(node.wsUrl(), removed.accessToken())) {
      assertFalse(again.authData().path("workspaces").toString().contains(team.workspaceId()), again.authData().toString());
      assertFalse(again.authData().path("channels").toString().contains(open), again.authData().toString());
      assertTrue(again.authData().path("channels").toString().contains(other), again.authData().toString());
    }
    JsonNode members = api(team.owner()).ok("workspace.members", f -> f.put("workspaceId", team.workspaceId())).path("members");
    assertFalse(members.toString().contains(removed.userId()), members.toString());
    JsonNode entry = auditEntry("workspace.remove", removed.userId());
    assertEquals(team.owner().userId(), entry.path("actorId").asText());
  }

  @Test
  void nobodyRemovesTheOwnerOrThemselvesAndOnlyTheOwnerRemovesAnAdmin() {
    Team team = team(2);
    Accounts.User admin = team.members().get(0);
    Accounts.User other = team.members().get(1);
    api(team.owner()).ok("workspace.role", f -> f.put("workspaceId", team.workspaceId()).put("userId", admin.userId()).put("role", "admin"));
    api(team.owner()).ok("workspace.role", f -> f.put("workspaceId", team.workspaceId()).put("userId", other.userId()).put("role", "admin"));
    assertEquals(403, remove(admin, team, team.owner()).statusCode());
    assertEquals(403, remove(admin, team, other).statusCode());
    assertEquals(403, remove(team.owner(), team, team.owner()).statusCode());
    assertEquals(404, remove(team.owner(), team, root).statusCode());
    assertEquals(200, remove(team.owner(), team, other).statusCode());
    assertEquals(404, remove(team.owner(), team, other).statusCode(), "removed already");
  }

  private static HttpResponse<String> remove(Accounts.User by, Team team, Accounts.User member) {
    return api(by).call("workspace.remove", f -> f.put("workspaceId", team.workspaceId()).put("userId", member.userId()));
  }

  @Test
  void theOwnerHandsTheWorkspaceOnAndOwnersAndAdminsRenameIt() {
    Team team = team(2);
    Accounts.User heir = team.members().get(0);
    Accounts.User plain = team.members().get(1);
    assertEquals(403, api(plain).call("workspace.transfer", f -> f.put("workspaceId", team.workspaceId()).put("userId", plain.userId())).statusCode());
    assertEquals(403, api(plain).call("workspace.rename", f -> f.put("workspaceId", team.workspaceId()).put("name", "Mine")).statusCode());
    api(team.owner()).ok("workspace.transfer", f -> f.put("workspaceId", team.workspaceId()).put("userId", heir.userId()));
    JsonNode members = api(heir).ok("workspace.members", f -> f.put("workspaceId", team.workspaceId())).path("members");
    assertEquals("owner", roleOf(members, heir));
    assertEquals("admin", roleOf(members, team.owner()));
    assertEquals(
        403,
        api(team.owner()).call("workspace.transfer", f -> f.put("workspaceId", team.workspaceId()).put("userId", team.owner().userId())).statusCode(),
        "the former owner is an admin now");

    JsonNode renamed = api(team.owner()).ok("workspace.rename", f -> f.put("workspaceId", team.workspaceId()).put("name", "Team Two"));
    assertEquals("Team Two", renamed.path("workspace").path("name").asText());
    assertEquals("admin", renamed.path("workspace").path("role").asText());
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), heir.accessToken())) {
      JsonNode workspace = ws.authData().path("workspaces").path(0);
      assertEquals("Team Two", workspace.path("name").asText(), ws.authData().toString());
      assertEquals("owner", workspace.path("role").asText());
    }
    assertEquals(team.workspaceId(), auditEntry("workspace.rename", team.workspaceId()).path("target").asText());
    assertEquals(team.owner().userId(), auditEntry("workspace.transfer", heir.userId()).path("actorId").asText());
  }

  private static String roleOf(JsonNode members, Accounts.User user) {
    return StreamSupport.stream(members.spliterator(), false)
        .filter(m -> m.path("userId").asText().equals(user.userId()))
        .findFirst()
        .orElseThrow()
        .path("role").asText();
  }

  @Test
  void anArchivedChannelIsReadOnlyButStillReadableAndSearchableUntilUnarchived() throws InterruptedException {
    Team team = team(1);
    Accounts.User member = team.members().get(0);
    String channelId = channel(team.owner(), team.workspaceId(), false);
    api(member).ok("channel.join", f -> f.put("channelId", channelId));
    String word = "w" + UUID.randomUUID().toString().substring(0, 8);
    long seq = post(member, channelId, "archived words " + word);
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      assertEquals(403, api(member).call("channel.archive", f -> f.put("channelId", channelId)).statusCode(), "members do not archive");
      long archived = api(team.owner()).ok("channel.archive", f -> f.put("channelId", channelId)).path("seq").asLong();
      assertEquals(team.owner().userId(), ws.awaitEvent("channel.archived", d -> d.path("seq").asLong() == archived).path("userId").asText());

      JsonNode refused = ws.request("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "x").put("text", "no"));
      assertEquals("forbidden", refused.path("code").asText(), refused.toString());
      assertTrue(refused.path("message").asText().contains("archived"), refused.toString());
      for (String op : List.of("reaction.add", "message.edit", "message.delete")) {
        JsonNode answer = ws.request(op, f -> f.put("channelId", channelId).put("seq", seq).put("emoji", ":x:").put("text", "changed"));
        assertEquals("forbidden", answer.path("code").asText(), op + ": " + answer);
      }
      assertEquals("forbidden", ws.request("channel.topic", f -> f.put("channelId", channelId).put("topic", "t")).path("code").asText());
      JsonNode history = ws.ok("history", f -> f.put("channelId", channelId));
      assertTrue(history.toString().contains(word), history.toString());
      assertTrue(history.toString().contains("\"type\":\"channel.archived\""), history.toString());
      assertEquals(1, searchUntilFound(member, team.workspaceId(), word).size());
      assertEquals(Boolean.TRUE, archivedInAuthReply(member, channelId), "a new session's channel list says archived");

      long unarchived = api(team.owner()).ok("channel.unarchive", f -> f.put("channelId", channelId)).path("seq").asLong();
      ws.awaitEvent("channel.unarchived", d -> d.path("seq").asLong() == unarchived);
      ws.ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "y").put("text", "writable again"));
      assertEquals(Boolean.FALSE, archivedInAuthReply(member, channelId));
    }
    assertEquals(team.workspaceId(), auditEntry("channel.archive", channelId).path("detail").asText().replace("workspace ", ""));
    auditEntry("channel.unarchive", channelId);
  }

  /** The {@code archived} of the channel in the {@code auth} reply of a new socket of {@code user}; null when absent. */
  private static Boolean archivedInAuthReply(Accounts.User user, String channelId) {
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      for (JsonNode channel : ws.authData().path("channels")) {
        if (channel.path("id").asText().equals(channelId)) {
          return channel.path("archived").isBoolean() ? channel.path("archived").asBoolean() : null;
        }
      }
      return null;
    }
  }

  /** Search's index follows the journal about a second behind: asks until the word is found, for at most 15 s. */
  private static JsonNode searchUntilFound(Accounts.User user, String workspaceId, String word) throws InterruptedException {
    long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
    JsonNode hits = api(user).search(workspaceId, word).path("hits");
    while (hits.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      hits = api(user).search(workspaceId, word).path("hits");
    }
    return hits;
  }

  @Test
  void ownersAndAdminsRenameAChannelToAFreeName() {
    Team team = team(1);
    Accounts.User member = team.members().get(0);
    String channelId = channel(team.owner(), team.workspaceId(), false);
    String taken = channel(team.owner(), team.workspaceId(), false);
    String takenName = nameOf(team, taken);
    api(member).ok("channel.join", f -> f.put("channelId", channelId));
    String name = "renamed-" + UUID.randomUUID().toString().substring(0, 8);
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      assertEquals(403, api(member).call("channel.rename", f -> f.put("channelId", channelId).put("name", name)).statusCode());
      assertEquals(
          409, api(team.owner()).call("channel.rename", f -> f.put("channelId", channelId).put("name", takenName)).statusCode());
      long seq = api(team.owner()).ok("channel.rename", f -> f.put("channelId", channelId).put("name", name)).path("seq").asLong();
      assertEquals(name, ws.awaitFrame(event("channel.renamed", channelId)).path("data").path("name").asText());
      assertTrue(seq > 0);
    }
    assertEquals(name, nameOf(team, channelId));
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      assertTrue(ws.authData().path("channels").toString().contains("\"name\":\"" + name + "\""), ws.authData().toString());
    }
    assertTrue(auditEntry("channel.rename", channelId).path("detail").asText().endsWith("-> " + name));
  }

  private static String nameOf(Team team, String channelId) {
    JsonNode channels = api(team.owner()).ok("workspace.channels", f -> f.put("workspaceId", team.workspaceId())).path("channels");
    return StreamSupport.stream(channels.spliterator(), false)
        .filter(c -> c.path("id").asText().equals(channelId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(channelId + " not in " + channels))
        .path("name").asText();
  }

  @Test
  void aDeletedChannelIsGoneForItsMembersAndItsNameIsFreeAgain() throws InterruptedException {
    Team team = team(1);
    Accounts.User member = team.members().get(0);
    String channelId = channel(team.owner(), team.workspaceId(), false);
    api(member).ok("channel.join", f -> f.put("channelId", channelId));
    String word = "g" + UUID.randomUUID().toString().substring(0, 8);
    post(member, channelId, "soon gone " + word);
    String name =
        StreamSupport.stream(
                api(member).ok("workspace.channels", f -> f.put("workspaceId", team.workspaceId())).path("channels").spliterator(), false)
            .filter(c -> c.path("id").asText().equals(channelId))
            .findFirst()
            .orElseThrow()
            .path("name").asText();
    assertEquals(1, searchUntilFound(member, team.workspaceId(), word).size());
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      assertEquals(403, api(member).call("channel.delete", f -> f.put("channelId", channelId)).statusCode());
      long seq = api(team.owner()).ok("channel.delete", f -> f.put("channelId", channelId)).path("seq").asLong();
      assertEquals(seq, ws.awaitFrame(event("channel.deleted", channelId)).path("data").path("seq").asLong());
      assertEquals("not_found", ws.request("history", f -> f.put("channelId", channelId)).path("code").asText());
      assertEquals(
          "not_found",
          ws.request("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "z").put("text", "anyone?")).path("code").asText());
    }
    assertEquals(0, api(member).search(team.workspaceId(), word).path("hits").size(), "a deleted channel is not searched");
    JsonNode channels = api(member).ok("workspace.channels", f -> f.put("workspaceId", team.workspaceId())).path("channels");
    assertFalse(channels.toString().contains(channelId), channels.toString());
    try (WsClient ws = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      assertFalse(ws.authData().path("channels").toString().contains(channelId), ws.authData().toString());
    }
    api(team.owner()).ok("channel.create", f -> f.put("workspaceId", team.workspaceId()).put("name", name));
    assertTrue(auditEntry("channel.delete", channelId).path("detail").asText().contains(name));
  }

  @Test
  void invitesExpireRunOutAndAreRevokedWithAClearRefusal() throws InterruptedException {
    Team team = team(1);
    ApiClient owner = api(team.owner());
    String workspaceId = team.workspaceId();
    assertEquals(403, api(team.members().get(0)).call("workspace.invite", f -> f.put("workspaceId", workspaceId)).statusCode());
    assertEquals(403, api(team.members().get(0)).call("workspace.invites", f -> f.put("workspaceId", workspaceId)).statusCode());

    String once = owner.ok("workspace.invite", f -> f.put("workspaceId", workspaceId).put("maxUses", 1)).path("code").asText();
    HttpResponse<String> registered = Accounts.post(node.httpUrl(), "/v1/auth/register",
        "{\"username\":\"once" + System.nanoTime() % 1_000_000 + "\",\"password\":\"once-password\",\"inviteCode\":\"" + once + "\"}");
    assertEquals(201, registered.statusCode(), registered.body());
    HttpResponse<String> second = api(Accounts.newUser(node.httpUrl(), "late")).call("workspace.join", f -> f.put("code", once));
    assertEquals(404, second.statusCode());
    assertEquals("this invite has been used up", Accounts.json(second).path("message").asText());
    HttpResponse<String> viaRegister = Accounts.post(node.httpUrl(), "/v1/auth/register",
        "{\"username\":\"twice" + System.nanoTime() % 1_000_000 + "\",\"password\":\"twice-password\",\"inviteCode\":\"" + once + "\"}");
    assertEquals(403, viaRegister.statusCode());
    assertEquals("this invite has been used up", Accounts.json(viaRegister).path("message").asText());

    String brief = owner.ok("workspace.invite", f -> f.put("workspaceId", workspaceId).put("expiresIn", 1)).path("code").asText();
    String revoked = owner.ok("workspace.invite", f -> f.put("workspaceId", workspaceId).put("expiresIn", 3600).put("maxUses", 10)).path("code").asText();
    JsonNode listed = owner.ok("workspace.invites", f -> f.put("workspaceId", workspaceId)).path("invites");
    JsonNode limited = find(listed, revoked);
    assertEquals(10, limited.path("maxUses").asInt(), listed.toString());
    assertEquals(0, limited.path("uses").asInt());
    assertEquals(team.owner().userId(), limited.path("createdBy").asText());
    assertTrue(limited.path("expiresAt").asLong() > System.currentTimeMillis());
    assertFalse(listed.toString().contains(once), "a used-up invite is not listed: " + listed);

    owner.ok("workspace.invite.revoke", f -> f.put("workspaceId", workspaceId).put("code", revoked));
    assertFalse(owner.ok("workspace.invites", f -> f.put("workspaceId", workspaceId)).toString().contains(revoked));
    HttpResponse<String> refused = api(Accounts.newUser(node.httpUrl(), "late")).call("workspace.join", f -> f.put("code", revoked));
    assertEquals("this invite was revoked", Accounts.json(refused).path("message").asText());
    assertEquals(404, owner.call("workspace.invite.revoke", f -> f.put("workspaceId", workspaceId).put("code", workspaceId + "-nope")).statusCode());

    Accounts.User tooLate = Accounts.newUser(node.httpUrl(), "late");
    long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
    HttpResponse<String> expired = api(tooLate).call("workspace.join", f -> f.put("code", brief));
    // The invite works for a second: a join within it is fine, the first refusal must say it expired.
    while (expired.statusCode() == 200 && System.nanoTime() < deadline) {
      api(team.owner()).ok("workspace.remove", f -> f.put("workspaceId", workspaceId).put("userId", tooLate.userId()));
      Thread.sleep(200);
      expired = api(tooLate).call("workspace.join", f -> f.put("code", brief));
    }
    assertEquals("this invite has expired", Accounts.json(expired).path("message").asText(), expired.body());

    JsonNode revokeEntry = auditEntry("workspace.invite.revoke", workspaceId);
    assertFalse(revokeEntry.toString().contains(revoked.substring(revoked.indexOf('-') + 1)), "the audit log does not show the code");
  }

  private static JsonNode find(JsonNode invites, String code) {
    return StreamSupport.stream(invites.spliterator(), false)
        .filter(i -> i.path("code").asText().equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError(code + " not listed in " + invites));
  }
}
