package dev.parley.node.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.Ids;
import dev.parley.node.authz.Case.Request;
import dev.parley.node.authz.Case.Transport;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import dev.parley.protocol.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * The authorization matrix: for every op of the contract, what each kind of caller gets. The
 * expected answers follow docs/protocol.md ("Ids, order and delivery", "Authorization", and
 * "Parley's choices" where the contract's first text was silent): something the caller may not see (a
 * private channel or DM it is not in, a workspace it is not in and so its channels) is
 * {@code not_found}; something it sees but may not do (a public channel of its workspace it did not
 * join, another's message, a role it does not have) is {@code forbidden}.
 */
final class Matrix {
  static final String OK = "ok";
  static final String FORBIDDEN = "forbidden";
  static final String NOT_FOUND = "not_found";
  static final String UNAUTHORIZED = "unauthorized";

  private Matrix() {}

  /** The callers of the world, by their relation to it. */
  private enum Who {
    O("owner O (in P, Q, D)", w -> w.owner),
    A("admin A (in P)", w -> w.admin),
    M("member M (in P, Q, D)", w -> w.member),
    N("member N (in none of P, Q, D)", w -> w.nonMember),
    X("outsider X (in W2 only)", w -> w.outsider);

    final String label;
    final Function<World, Accounts.User> user;

    Who(String label, Function<World, Accounts.User> user) {
      this.label = label;
      this.user = user;
    }
  }

  /** A channel of the world and what each caller gets when it uses it as a member would. */
  private enum Target {
    P("public P", w -> w.publicChannel, OK, OK, OK, FORBIDDEN, NOT_FOUND),
    Q("private Q", w -> w.privateChannel, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
    D("DM D of O and M", w -> w.dm, OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND);

    final String label;
    final Function<World, String> channel;
    /** By {@link Who} ordinal. */
    private final String[] access;

    Target(String label, Function<World, String> channel, String... access) {
      this.label = label;
      this.channel = channel;
      this.access = access;
    }

    String access(Who who) {
      return access[who.ordinal()];
    }
  }

  /** A member's request about a channel; {@code allowed}: the row expects ok (so set up what it needs). */
  private interface ChannelRequest {
    WsClient.Fields fields(World w, String channel, Accounts.User caller, boolean allowed);
  }

  static List<Case> cases() {
    List<Case> rows = new ArrayList<>();
    workspaceOps(rows);
    channelMembershipOps(rows);
    memberOps(rows);
    authorOps(rows);
    dmAndLiveOps(rows);
    accountOps(rows);
    notifyOps(rows);
    adminOps(rows);
    workspaceAdminOps(rows);
    hookOps(rows);
    botOps(rows);
    subscriptionOps(rows);
    withoutToken(rows);
    return rows;
  }

  /** The ops the rows with a signed-in caller cover. */
  static Set<String> coveredOps() {
    Set<String> ops = new TreeSet<>();
    cases().stream().filter(c -> !c.caller().equals(NO_TOKEN)).forEach(c -> ops.add(c.op()));
    return ops;
  }

  private static Case as(String op, Who who, String target, String expected, Function<World, WsClient.Fields> fields) {
    return new Case(op, who.label, target, expected, w -> new Request(who.user.apply(w), fields.apply(w)));
  }

  private static void workspaceOps(List<Case> rows) {
    rows.add(
        new Case("workspace.create", "a new user", "-", OK, w -> new Request(w.newUser("creator"), n -> n.put("name", "W3"))));

    for (Who who : Who.values()) {
      String invite = switch (who) {
        case O, A -> OK;
        case M, N -> FORBIDDEN;
        case X -> NOT_FOUND;
      };
      rows.add(as("workspace.invite", who, "W", invite, w -> n -> n.put("workspaceId", w.workspace)));
      String read = who == Who.X ? NOT_FOUND : OK;
      rows.add(as("workspace.members", who, "W", read, w -> n -> n.put("workspaceId", w.workspace)));
      rows.add(
          as("workspace.channels", who, "W", read, w -> n -> n.put("workspaceId", w.workspace))
              .then((w, data) -> listsOnlyVisibleChannels(w, Target.Q.access(who).equals(OK), data)));
      rows.add(
          as("channel.create", who, "W", read, w -> n -> n.put("workspaceId", w.workspace).put("name", channelName())));
    }
    rows.add(as("workspace.invite", Who.X, "W2 (X's own)", OK, w -> n -> n.put("workspaceId", w.otherWorkspace)));

    rows.add(
        new Case(
            "workspace.join", "a new user", "W's invite code", OK,
            w -> new Request(w.newUser("joiner"), code(w.inviteCode(w.owner, w.workspace)))));
    rows.add(as("workspace.join", Who.M, "W's invite code (already in W)", OK, w -> code(w.inviteCode(w.owner, w.workspace))));
    rows.add(as("workspace.join", Who.X, "a made-up code of W", NOT_FOUND, w -> code(w.workspace + "-guessed")));
    rows.add(as("workspace.join", Who.X, "a code of no workspace", NOT_FOUND, w -> code("nothing")));

    rows.add(
        new Case(
            "workspace.role", Who.O.label, "a new member -> admin", OK,
            w -> new Request(w.owner, role(w, w.freshMember(), "admin"))));
    rows.add(
        new Case(
            "workspace.role", Who.O.label, "a new admin -> member", OK,
            w -> new Request(w.owner, role(w, w.freshAdmin(), "member"))));
    for (Who who : List.of(Who.A, Who.M, Who.N)) {
      rows.add(
          new Case(
              "workspace.role", who.label, "a new member -> admin", FORBIDDEN,
              w -> new Request(who.user.apply(w), role(w, w.freshMember(), "admin"))));
    }
    rows.add(
        new Case(
            "workspace.role", Who.X.label, "a member of W -> admin", NOT_FOUND,
            w -> new Request(w.outsider, role(w, w.nonMember, "admin"))));
    rows.add(as("workspace.role", Who.O, "the owner O -> admin", FORBIDDEN, w -> role(w, w.owner, "admin")));
    rows.add(as("workspace.role", Who.A, "the owner O -> member", FORBIDDEN, w -> role(w, w.owner, "member")));
    rows.add(as("workspace.role", Who.O, "outsider X -> admin", NOT_FOUND, w -> role(w, w.outsider, "admin")));
  }

  private static WsClient.Fields code(String code) {
    return n -> n.put("code", code);
  }

  private static WsClient.Fields role(World w, Accounts.User target, String role) {
    return n -> n.put("workspaceId", w.workspace).put("userId", target.userId()).put("role", role);
  }

  /** workspace.channels: every public channel, and private Q only to its members. */
  private static void listsOnlyVisibleChannels(World w, boolean inQ, JsonNode data) {
    Set<String> ids = new TreeSet<>();
    data.path("channels").forEach(c -> ids.add(c.path("id").asText()));
    assertTrue(ids.contains(w.publicChannel) && ids.contains(w.commons), () -> "public channels missing: " + data);
    assertEquals(inQ, ids.contains(w.privateChannel), () -> "private Q listed wrongly: " + data);
    assertFalse(ids.contains(w.dm), () -> "a DM listed as a workspace channel: " + data);
  }

  private static void channelMembershipOps(List<Case> rows) {
    rows.add(
        new Case(
            "channel.join", Who.N.label, "a new public channel", OK,
            w -> new Request(w.nonMember, channel(w.freshPublicChannel()))));
    rows.add(as("channel.join", Who.M, "public P (already in it)", OK, w -> channel(w.publicChannel)));
    rows.add(as("channel.join", Who.X, "public P", NOT_FOUND, w -> channel(w.publicChannel)));
    for (Who who : List.of(Who.A, Who.N, Who.X)) {
      rows.add(as("channel.join", who, "private Q", NOT_FOUND, w -> channel(w.privateChannel)));
      rows.add(as("channel.join", who, "DM D of O and M", NOT_FOUND, w -> channel(w.dm)));
    }
    rows.add(as("channel.join", Who.M, "an unknown channel", NOT_FOUND, w -> channel(Ids.channel())));

    rows.add(
        new Case(
            "channel.leave", Who.M.label, "a public channel it joined", OK,
            w -> {
              String channel = w.freshPublicChannel();
              w.ok(w.member, "channel.join", channel(channel));
              return new Request(w.member, channel(channel));
            }));
    rows.add(
        new Case(
            "channel.leave", Who.M.label, "a private channel it was added to", OK,
            w -> new Request(w.member, channel(w.freshPrivateChannel(w.member)))));
    rows.add(as("channel.leave", Who.N, "public P (not in it)", OK, w -> channel(w.publicChannel)));
    rows.add(as("channel.leave", Who.M, "DM D of O and M", FORBIDDEN, w -> channel(w.dm)));
    rows.add(as("channel.leave", Who.O, "DM D of O and M", FORBIDDEN, w -> channel(w.dm)));
    for (Who who : List.of(Who.N, Who.X)) {
      rows.add(as("channel.leave", who, "private Q", NOT_FOUND, w -> channel(w.privateChannel)));
      rows.add(as("channel.leave", who, "DM D of O and M", NOT_FOUND, w -> channel(w.dm)));
    }
    rows.add(as("channel.leave", Who.X, "public P", NOT_FOUND, w -> channel(w.publicChannel)));

    for (Who who : Who.values()) {
      String expected = Target.Q.access(who);
      rows.add(
          new Case(
              "channel.add", who.label, "a new member of W to private Q", expected,
              w -> new Request(who.user.apply(w), add(w.privateChannel, w.freshMember()))));
      String toPublic = Target.P.access(who);
      rows.add(
          new Case(
              "channel.add", who.label, "a new member of W to public P", toPublic,
              w -> new Request(who.user.apply(w), add(w.publicChannel, w.freshMember()))));
    }
    rows.add(as("channel.add", Who.M, "outsider X to private Q", NOT_FOUND, w -> add(w.privateChannel, w.outsider)));
    rows.add(as("channel.add", Who.O, "member N to DM D", FORBIDDEN, w -> add(w.dm, w.nonMember)));
    rows.add(as("channel.add", Who.N, "member A to DM D", NOT_FOUND, w -> add(w.dm, w.admin)));
  }

  private static WsClient.Fields channel(String channel) {
    return n -> n.put("channelId", channel);
  }

  private static WsClient.Fields add(String channel, Accounts.User user) {
    return n -> n.put("channelId", channel).put("userId", user.userId());
  }

  /** Ops any member of a channel may use, each against P, Q and D, and an unknown channel. */
  private static void memberOps(List<Case> rows) {
    memberOp(rows, "message.post", (w, c, u, ok) -> n -> n.put("channelId", c).put("clientMsgId", uuid()).put("text", "a row"));
    memberOp(rows, "channel.topic", (w, c, u, ok) -> n -> n.put("channelId", c).put("topic", "a row's topic"));
    memberOp(rows, "history", (w, c, u, ok) -> n -> n.put("channelId", c).put("after", w.message(c) - 1).put("limit", 1));
    memberOp(rows, "thread", (w, c, u, ok) -> n -> n.put("channelId", c).put("seq", w.message(c)));
    memberOp(rows, "typing", (w, c, u, ok) -> n -> n.put("channelId", c));
    memberOp(rows, "read", (w, c, u, ok) -> n -> n.put("channelId", c).put("seq", w.message(c)));
    memberOp(rows, "reaction.add", (w, c, u, ok) -> n -> n.put("channelId", c).put("seq", w.message(c)).put("emoji", ":row:"));
    memberOp(
        rows,
        "reaction.remove",
        (w, c, u, ok) -> {
          String emoji = ok ? w.freshReaction(u, c) : ":row:";
          return n -> n.put("channelId", c).put("seq", w.message(c)).put("emoji", emoji);
        });
  }

  private static void memberOp(List<Case> rows, String op, ChannelRequest request) {
    for (Target target : Target.values()) {
      for (Who who : Who.values()) {
        String expected = target.access(who);
        Case row =
            new Case(
                op, who.label, target.label, expected,
                w -> {
                  Accounts.User caller = who.user.apply(w);
                  return new Request(caller, request.fields(w, target.channel.apply(w), caller, expected.equals(OK)));
                });
        rows.add(op.equals("history") ? row.then((w, data) -> holdsTheMessage(w, target.channel.apply(w), data)) : row);
      }
    }
    rows.add(
        new Case(
            op, Who.M.label, "an unknown channel", NOT_FOUND,
            w -> new Request(w.member, request.fields(w, Ids.channel(), w.member, false))));
  }

  private static void holdsTheMessage(World w, String channel, JsonNode history) {
    boolean found =
        StreamSupport.stream(history.path("events").spliterator(), false)
            .anyMatch(
                e -> e.path("type").asText().equals("message.posted") && e.path("data").path("seq").asLong() == w.message(channel));
    assertTrue(found, () -> "M's message missing from the history: " + history);
  }

  /**
   * Edit and delete, each on a fresh message by M: only the author edits (the other members see
   * the message and get forbidden); the author, the owner and admins delete (O and A are both).
   */
  private static void authorOps(List<Case> rows) {
    for (Target target : Target.values()) {
      for (Who who : Who.values()) {
        String seen = target.access(who);
        String edit = seen.equals(OK) && who != Who.M ? FORBIDDEN : seen;
        rows.add(
            new Case(
                "message.edit", who.label, "M's message in " + target.label, edit,
                w -> {
                  String channel = target.channel.apply(w);
                  long seq = w.freshPost(w.member, channel);
                  return new Request(who.user.apply(w), n -> n.put("channelId", channel).put("seq", seq).put("text", "edited"));
                }));
        rows.add(
            new Case(
                "message.delete", who.label, "M's message in " + target.label, seen,
                w -> {
                  String channel = target.channel.apply(w);
                  long seq = w.freshPost(w.member, channel);
                  return new Request(who.user.apply(w), message(channel, seq));
                }));
      }
      rows.add(
          new Case(
              "message.delete", Who.M.label + ", neither author nor admin", "O's message in " + target.label, FORBIDDEN,
              w -> {
                String channel = target.channel.apply(w);
                return new Request(w.member, message(channel, w.freshPost(w.owner, channel)));
              }));
    }
    rows.add(
        new Case(
            "message.edit", Who.M.label, "its deleted message in public P", NOT_FOUND,
            w -> {
              long seq = deletedMessage(w);
              return new Request(w.member, n -> n.put("channelId", w.publicChannel).put("seq", seq).put("text", "edited"));
            }));
    rows.add(
        new Case(
            "message.delete", Who.M.label, "its deleted message in public P", NOT_FOUND,
            w -> new Request(w.member, message(w.publicChannel, deletedMessage(w)))));
    rows.add(
        as("message.edit", Who.M, "an unknown channel", NOT_FOUND, w -> n -> n.put("channelId", Ids.channel()).put("seq", 1).put("text", "x")));
    rows.add(as("message.delete", Who.M, "an unknown channel", NOT_FOUND, w -> message(Ids.channel(), 1)));
  }

  private static long deletedMessage(World w) {
    long seq = w.freshPost(w.member, w.publicChannel);
    w.ok(w.member, "message.delete", message(w.publicChannel, seq));
    return seq;
  }

  private static WsClient.Fields message(String channel, long seq) {
    return n -> n.put("channelId", channel).put("seq", seq);
  }

  private static void dmAndLiveOps(List<Case> rows) {
    rows.add(
        as("dm.open", Who.O, "with M (D exists)", OK, w -> dm(w.workspace, w.member))
            .then((w, data) -> assertEquals(w.dm, data.path("channel").path("id").asText(), "the same DM")));
    rows.add(as("dm.open", Who.M, "with N", OK, w -> dm(w.workspace, w.nonMember)));
    rows.add(as("dm.open", Who.N, "with M and O", OK, w -> dm(w.workspace, w.member, w.owner)));
    rows.add(as("dm.open", Who.O, "with outsider X", NOT_FOUND, w -> dm(w.workspace, w.outsider)));
    rows.add(as("dm.open", Who.X, "with O, in W", NOT_FOUND, w -> dm(w.workspace, w.owner)));

    for (Who who : Who.values()) {
      rows.add(as("presence.set", who, "-", OK, w -> n -> n.put("status", "away")));
    }

    rows.add(as("call.signal", Who.O, "M (shares W)", OK, w -> signal(w.member)));
    rows.add(as("call.signal", Who.M, "N (shares W)", OK, w -> signal(w.nonMember)));
    rows.add(as("call.signal", Who.N, "A (shares W)", OK, w -> signal(w.admin)));
    rows.add(as("call.signal", Who.X, "Y (shares W2)", OK, w -> signal(w.outsiderPeer)));
    rows.add(as("call.signal", Who.O, "outsider X", NOT_FOUND, w -> signal(w.outsider)));
    rows.add(as("call.signal", Who.X, "O (in W only)", NOT_FOUND, w -> signal(w.owner)));
  }

  private static WsClient.Fields dm(String workspace, Accounts.User... others) {
    return n -> {
      n.put("workspaceId", workspace);
      for (Accounts.User other : others) {
        n.withArray("userIds").add(other.userId());
      }
    };
  }

  private static WsClient.Fields signal(Accounts.User to) {
    return n -> {
      n.put("toUserId", to.userId()).put("callId", "call-" + uuid()).put("kind", "offer");
      n.putObject("payload").put("sdp", "v=0");
    };
  }

  /** Each user's own account: anyone signed in; a password change needs the current password. */
  private static void accountOps(List<Case> rows) {
    for (Who who : Who.values()) {
      rows.add(
          as("account.me", who, "its own account", OK, w -> n -> {})
              .then((w, data) -> assertEquals(who == Who.O, data.path("account").path("admin").asBoolean(), "admin flag")));
      rows.add(as("account.name", who, "its own account", OK, w -> n -> n.put("displayName", who.name() + " renamed")));
    }
    rows.add(
        new Case(
            "account.password", "a new user", "its own account", OK,
            w -> {
              Accounts.User fresh = w.newUser("changer");
              return new Request(fresh, password("password-" + fresh.username()));
            }));
    rows.add(
        new Case(
            "account.password", "a new user", "its own account, a wrong current password", FORBIDDEN,
            w -> new Request(w.newUser("guesser"), password("not-the-password"))));
  }

  /**
   * Each user's own email address and notification preferences: anyone signed in. A channel's
   * preference only for a channel the caller is in: to anyone else it does not exist.
   */
  private static void notifyOps(List<Case> rows) {
    for (Who who : Who.values()) {
      rows.add(
          as("account.email.set", who, "its own account", OK, w -> n -> n.put("email", who.name().toLowerCase() + "@example.org"))
              .then((w, data) -> assertEquals(who.name().toLowerCase() + "@example.org", data.path("account").path("email").asText())));
      rows.add(as("notify.get", who, "its own preferences", OK, w -> n -> {}));
      rows.add(as("notify.set", who, "its own default", OK, w -> n -> n.put("level", "mentions")));
    }
    for (Target target : Target.values()) {
      for (Who who : Who.values()) {
        String expected = target.access(who).equals(OK) ? OK : NOT_FOUND;
        rows.add(
            as("notify.set", who, target.label, expected, w -> n -> n.put("channelId", target.channel.apply(w)).put("level", "nothing").put("muted", true)));
      }
    }
  }

  private static WsClient.Fields password(String current) {
    return n -> n.put("currentPassword", current).put("newPassword", "a-new-password-" + uuid());
  }

  /** The deployment administrators' ops: O registered first, so O is one; nobody else in the world is. */
  private static void adminOps(List<Case> rows) {
    for (Who who : Who.values()) {
      String expected = who == Who.O ? OK : FORBIDDEN;
      String label = who == Who.O ? who.label + ", a deployment administrator" : who.label;
      for (String op : List.of("admin.grant", "admin.revoke", "admin.deactivate", "admin.reactivate", "admin.reset", "admin.delete")) {
        rows.add(
            new Case(
                op, label, "a new user", expected,
                w -> new Request(who.user.apply(w), username(w.newUser("target").username()))));
      }
      rows.add(
          new Case(
              "admin.create", label, "a new username", expected,
              w -> new Request(who.user.apply(w), n -> n.put("username", "made" + uuid().substring(0, 8)).put("password", "made-password"))));
      rows.add(new Case("admin.audit", label, "-", expected, w -> new Request(who.user.apply(w), n -> n.put("limit", 5))));
      rows.add(
          new Case(
              "admin.accounts", label, "a prefix", expected,
              w -> new Request(who.user.apply(w), n -> n.put("query", "member").put("limit", 5))));
      rows.add(new Case("admin.registration", label, "-", expected, w -> new Request(who.user.apply(w), n -> {})));
      // The mode the test node runs with, so that an allowed change changes nothing for the other rows.
      rows.add(
          new Case(
              "admin.registration.set", label, "open (as now)", expected,
              w -> new Request(who.user.apply(w), n -> n.put("mode", "open"))));
    }
    rows.add(as("admin.revoke", Who.O, "itself", FORBIDDEN, w -> username(w.owner.username())));
    rows.add(as("admin.deactivate", Who.O, "itself", FORBIDDEN, w -> username(w.owner.username())));
    rows.add(as("admin.deactivate", Who.O, "an unknown username", NOT_FOUND, w -> username("nobody-" + uuid().substring(0, 8))));
    rows.add(as("admin.delete", Who.O, "itself", FORBIDDEN, w -> username(w.owner.username())));
    rows.add(as("admin.delete", Who.O, "an unknown username", NOT_FOUND, w -> username("nobody-" + uuid().substring(0, 8))));
  }

  /**
   * What workspace owners and admins do (docs/protocol.md, Workspace administration): O and A
   * manage invites, members, the name and the channels they see; M and N are refused; X does not
   * see W. Destructive rows act on fresh members and channels, or on a workspace of their own.
   */
  private static void workspaceAdminOps(List<Case> rows) {
    for (Who who : Who.values()) {
      String manage = switch (who) {
        case O, A -> OK;
        case M, N -> FORBIDDEN;
        case X -> NOT_FOUND;
      };
      rows.add(as("workspace.invites", who, "W", manage, w -> n -> n.put("workspaceId", w.workspace)));
      rows.add(as("workspace.invite.revoke", who, "an invite of W", manage, w -> revoke(w, w.inviteCode(w.owner, w.workspace))));
      rows.add(as("workspace.rename", who, "W (to its own name)", manage, w -> n -> n.put("workspaceId", w.workspace).put("name", "W")));
      rows.add(as("workspace.retention", who, "W (keep forever)", manage, w -> n -> n.put("workspaceId", w.workspace).put("days", 0)));
      rows.add(
          new Case(
              "workspace.remove", who.label, "a new member of W", manage,
              w -> new Request(who.user.apply(w), member(w.workspace, w.freshMember()))));
      if (who != Who.O) {
        rows.add(
            new Case(
                "workspace.transfer", who.label, "W, to a new member", who == Who.X ? NOT_FOUND : FORBIDDEN,
                w -> new Request(who.user.apply(w), member(w.workspace, w.freshMember()))));
      }
      for (String op : List.of("channel.archive", "channel.unarchive", "channel.delete")) {
        rows.add(
            new Case(
                op, who.label, "a new public channel of W", manage,
                w -> new Request(who.user.apply(w), channel(w.freshPublicChannel()))));
      }
      rows.add(
          new Case(
              "channel.rename", who.label, "a new public channel of W", manage,
              w -> new Request(who.user.apply(w), rename(w.freshPublicChannel()))));
    }
    rows.add(as("workspace.invite.revoke", Who.O, "a made-up code of W", NOT_FOUND, w -> revoke(w, w.workspace + "-guessed")));
    rows.add(as("workspace.invite.revoke", Who.X, "an invite of W, as its own W2", NOT_FOUND, w -> n -> n.put("workspaceId", w.otherWorkspace).put("code", w.inviteCode(w.owner, w.workspace))));
    rows.add(as("workspace.remove", Who.O, "itself, the owner", FORBIDDEN, w -> member(w.workspace, w.owner)));
    rows.add(
        new Case(
            "workspace.remove", Who.A.label, "a new admin of W", FORBIDDEN,
            w -> new Request(w.admin, member(w.workspace, w.freshAdmin()))));
    rows.add(as("workspace.remove", Who.O, "outsider X", NOT_FOUND, w -> member(w.workspace, w.outsider)));
    rows.add(
        new Case(
            "workspace.transfer", "the owner of a new workspace", "to a member of it", OK,
            w -> {
              Accounts.User owner = w.newUser("handover");
              String workspace = w.ok(owner, "workspace.create", n -> n.put("name", "W4")).path("workspace").path("id").asText();
              Accounts.User heir = w.newUser("heir");
              w.ok(heir, "workspace.join", code(w.inviteCode(owner, workspace)));
              return new Request(owner, member(workspace, heir));
            }));
    rows.add(as("workspace.transfer", Who.O, "W, to outsider X", NOT_FOUND, w -> member(w.workspace, w.outsider)));
    for (String op : List.of("channel.archive", "channel.unarchive", "channel.delete")) {
      rows.add(as(op, Who.A, "private Q (not in it)", NOT_FOUND, w -> channel(w.privateChannel)));
      rows.add(as(op, Who.O, "DM D of O and M", FORBIDDEN, w -> channel(w.dm)));
      rows.add(as(op, Who.O, "an unknown channel", NOT_FOUND, w -> channel(Ids.channel())));
    }
    rows.add(as("channel.rename", Who.A, "private Q (not in it)", NOT_FOUND, w -> rename(w.privateChannel)));
    rows.add(as("channel.rename", Who.O, "DM D of O and M", FORBIDDEN, w -> rename(w.dm)));
    rows.add(as("channel.rename", Who.O, "an unknown channel", NOT_FOUND, w -> rename(Ids.channel())));
  }

  /**
   * Incoming webhooks (docs/protocol.md, Webhooks) are managed by the owners and admins of the
   * channel's workspace, on channels they see; members are refused, outsiders do not see the channel.
   */
  private static void hookOps(List<Case> rows) {
    for (Who who : Who.values()) {
      String manage = switch (who) {
        case O, A -> OK;
        case M, N -> FORBIDDEN;
        case X -> NOT_FOUND;
      };
      rows.add(as("hook.create", who, "public P", manage, w -> hook(w.publicChannel)));
      rows.add(as("hook.list", who, "public P", manage, w -> channel(w.publicChannel)));
      rows.add(as("hook.revoke", who, "a new hook of P", manage, w -> revokeHook(w.publicChannel, w.ok(w.owner, "hook.create", hook(w.publicChannel)).path("hook").path("id").asText())));
    }
    rows.add(as("hook.create", Who.A, "private Q (not in it)", NOT_FOUND, w -> hook(w.privateChannel)));
    rows.add(as("hook.create", Who.O, "DM D of O and M", FORBIDDEN, w -> hook(w.dm)));
    rows.add(as("hook.create", Who.O, "an unknown channel", NOT_FOUND, w -> hook(Ids.channel())));
    rows.add(as("hook.list", Who.A, "private Q (not in it)", NOT_FOUND, w -> channel(w.privateChannel)));
    rows.add(as("hook.revoke", Who.O, "an unknown hook of P", NOT_FOUND, w -> revokeHook(w.publicChannel, "h-unknown")));
  }

  /**
   * Bot accounts (docs/protocol.md, Bots) are managed by the owners and admins of their workspace;
   * its members are refused, outsiders do not see the workspace.
   */
  private static void botOps(List<Case> rows) {
    for (Who who : Who.values()) {
      String manage = switch (who) {
        case O, A -> OK;
        case M, N -> FORBIDDEN;
        case X -> NOT_FOUND;
      };
      rows.add(as("bot.create", who, "W", manage, w -> newBot(w.workspace)));
      rows.add(as("bot.list", who, "W", manage, w -> n -> n.put("workspaceId", w.workspace)));
      rows.add(as("bot.remove", who, "a new bot of W", manage, w -> bot(w.workspace, madeBot(w))));
      rows.add(as("bot.token.create", who, "a new bot of W", manage, w -> bot(w.workspace, madeBot(w))));
      rows.add(as("bot.token.list", who, "a new bot of W", manage, w -> bot(w.workspace, madeBot(w))));
      rows.add(as("bot.token.revoke", who, "a new token of a new bot of W", manage, w -> {
        String botId = madeBot(w);
        String tokenId = w.ok(w.owner, "bot.token.create", bot(w.workspace, botId)).path("token").path("id").asText();
        return n -> n.put("workspaceId", w.workspace).put("botId", botId).put("tokenId", tokenId);
      }));
    }
    rows.add(as("bot.token.create", Who.O, "an unknown bot of W", NOT_FOUND, w -> bot(w.workspace, "b-unknown")));
    rows.add(as("bot.remove", Who.O, "an unknown bot of W", NOT_FOUND, w -> bot(w.workspace, "b-unknown")));
  }

  private static WsClient.Fields newBot(String workspace) {
    return n -> n.put("workspaceId", workspace).put("name", "bot-" + uuid().substring(0, 8));
  }

  private static String madeBot(World w) {
    return w.ok(w.owner, "bot.create", newBot(w.workspace)).path("bot").path("id").asText();
  }

  private static WsClient.Fields bot(String workspace, String botId) {
    return n -> n.put("workspaceId", workspace).put("botId", botId);
  }

  /**
   * Event subscriptions (docs/protocol.md, Event subscriptions) are managed by the owners and
   * admins of the workspace; its other members are refused, outsiders do not see it.
   */
  private static void subscriptionOps(List<Case> rows) {
    for (Who who : Who.values()) {
      String manage = switch (who) {
        case O, A -> OK;
        case M, N -> FORBIDDEN;
        case X -> NOT_FOUND;
      };
      rows.add(as("subscription.create", who, "W", manage, w -> subscription(w.workspace)));
      rows.add(as("subscription.list", who, "W", manage, w -> n -> n.put("workspaceId", w.workspace)));
      rows.add(as("subscription.remove", who, "a new subscription of W", manage, w -> removeSubscription(w.workspace,
          w.ok(w.owner, "subscription.create", subscription(w.workspace)).path("subscription").path("id").asText())));
      rows.add(as("subscription.enable", who, "a new (active) subscription of W", manage, w -> removeSubscription(w.workspace,
          w.ok(w.owner, "subscription.create", subscription(w.workspace)).path("subscription").path("id").asText())));
    }
    rows.add(as("subscription.create", Who.O, "an unknown workspace", NOT_FOUND, w -> subscription(Ids.workspace())));
    rows.add(as("subscription.remove", Who.O, "an unknown subscription of W", NOT_FOUND, w -> removeSubscription(w.workspace, "s-unknown")));
    rows.add(as("subscription.enable", Who.O, "an unknown subscription of W", NOT_FOUND, w -> removeSubscription(w.workspace, "s-unknown")));
  }

  /** A public address (TEST-NET-3) over https, as the default settings take it. */
  private static WsClient.Fields subscription(String workspace) {
    return n -> {
      n.put("workspaceId", workspace).put("url", "https://203.0.113.10/events");
      n.putArray("events").add("message.posted");
    };
  }

  /** The fields of {@code subscription.remove} and {@code subscription.enable}. */
  private static WsClient.Fields removeSubscription(String workspace, String subscriptionId) {
    return n -> n.put("workspaceId", workspace).put("subscriptionId", subscriptionId);
  }

  private static WsClient.Fields hook(String channel) {
    return n -> n.put("channelId", channel).put("name", "H");
  }

  private static WsClient.Fields revokeHook(String channel, String hookId) {
    return n -> n.put("channelId", channel).put("hookId", hookId);
  }

  private static WsClient.Fields rename(String channel) {
    return n -> n.put("channelId", channel).put("name", channelName());
  }

  private static WsClient.Fields revoke(World w, String code) {
    return n -> n.put("workspaceId", w.workspace).put("code", code);
  }

  private static WsClient.Fields member(String workspace, Accounts.User user) {
    return n -> n.put("workspaceId", workspace).put("userId", user.userId());
  }

  private static WsClient.Fields username(String username) {
    return n -> n.put("username", username);
  }

  static final String NO_TOKEN = "no token";

  /**
   * Every op without a token: over HTTP {@code 401} whatever the op; on a socket that did not
   * authenticate, {@code unauthorized} for anything but {@code auth}.
   */
  private static void withoutToken(List<Case> rows) {
    for (String op : new TreeSet<>(WireCodec.ops())) {
      Function<World, Request> request = w -> new Request(null, wellFormed(w, op));
      rows.add(new Case(op, NO_TOKEN, "-", UNAUTHORIZED, Transport.HTTP, request, (w, data) -> {}));
      if (!op.equals("auth")) {
        rows.add(new Case(op, NO_TOKEN, "-", UNAUTHORIZED, request));
      }
    }
  }

  /** A request of {@code op} that passes validation; an op added to the contract must be added here. */
  private static WsClient.Fields wellFormed(World w, String op) {
    String channel = w.publicChannel;
    long seq = w.message(channel);
    return switch (op) {
      case "auth" -> n -> n.put("token", "none");
      case "ping" -> n -> {};
      case "workspace.create" -> n -> n.put("name", "W3");
      case "workspace.invite", "workspace.members", "workspace.channels" -> n -> n.put("workspaceId", w.workspace);
      case "workspace.join" -> code(w.workspace + "-guessed");
      case "workspace.role" -> role(w, w.member, "admin");
      case "channel.create" -> n -> n.put("workspaceId", w.workspace).put("name", channelName());
      case "channel.join", "channel.leave", "typing", "history" -> channel(channel);
      case "channel.add" -> add(channel, w.nonMember);
      case "channel.topic" -> n -> n.put("channelId", channel).put("topic", "t");
      case "dm.open" -> dm(w.workspace, w.member);
      case "message.post" -> n -> n.put("channelId", channel).put("clientMsgId", uuid()).put("text", "t");
      case "message.edit" -> n -> n.put("channelId", channel).put("seq", seq).put("text", "t");
      case "message.delete", "thread", "read" -> message(channel, seq);
      case "reaction.add", "reaction.remove" -> n -> n.put("channelId", channel).put("seq", seq).put("emoji", ":row:");
      case "presence.set" -> n -> n.put("status", "away");
      case "call.signal" -> signal(w.member);
      case "account.me", "admin.audit", "admin.accounts", "admin.registration" -> n -> {};
      case "admin.registration.set" -> n -> n.put("mode", "open");
      case "account.password" -> password("password-" + w.member.username());
      case "account.name" -> n -> n.put("displayName", "M");
      case "account.email.set" -> n -> n.put("email", "m@example.org");
      case "notify.get" -> n -> {};
      case "notify.set" -> n -> n.put("level", "all");
      case "admin.grant", "admin.revoke", "admin.deactivate", "admin.reactivate", "admin.reset", "admin.delete" ->
          username(w.member.username());
      case "admin.create" -> n -> n.put("username", "made" + uuid().substring(0, 8)).put("password", "made-password");
      case "workspace.invites" -> n -> n.put("workspaceId", w.workspace);
      case "workspace.invite.revoke" -> revoke(w, w.workspace + "-guessed");
      case "workspace.remove", "workspace.transfer" -> member(w.workspace, w.member);
      case "workspace.rename" -> n -> n.put("workspaceId", w.workspace).put("name", "W");
      case "workspace.retention" -> n -> n.put("workspaceId", w.workspace).put("days", 0);
      case "channel.archive", "channel.unarchive", "channel.delete" -> channel(channel);
      case "channel.rename" -> rename(channel);
      case "hook.create" -> hook(channel);
      case "hook.list" -> channel(channel);
      case "hook.revoke" -> revokeHook(channel, "h-unknown");
      case "bot.create" -> newBot(w.workspace);
      case "bot.list" -> n -> n.put("workspaceId", w.workspace);
      case "bot.remove", "bot.token.create", "bot.token.list" -> bot(w.workspace, "b-unknown");
      case "bot.token.revoke" -> n -> n.put("workspaceId", w.workspace).put("botId", "b-unknown").put("tokenId", "k-unknown");
      case "subscription.create" -> subscription(w.workspace);
      case "subscription.list" -> n -> n.put("workspaceId", w.workspace);
      case "subscription.remove", "subscription.enable" -> removeSubscription(w.workspace, "s-unknown");
      default -> throw new IllegalArgumentException("the matrix has no request of op '" + op + "'");
    };
  }

  private static String channelName() {
    return "r" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String uuid() {
    return UUID.randomUUID().toString();
  }
}
