package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.auth.AuthBodies;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding of client frames and encoding of server frames, against the contract (docs/protocol.md). */
class WireCodecTest {
  private static final WireCodec CODEC = new WireCodec(Limits.DEFAULTS);

  // Valid frames, one or more per op

  static Stream<Arguments> validFrames() {
    return Stream.of(
        Arguments.of(
            "{\"op\":\"auth\",\"ref\":\"r1\",\"token\":\"tok.en.x\"}", new Request.Auth("tok.en.x", Map.of(), List.of())),
        Arguments.of(
            "{\"op\":\"auth\",\"ref\":\"r1\",\"token\":\"t\",\"resume\":{\"c1\":5,\"c2\":0}}",
            new Request.Auth("t", Map.of("c1", 5L, "c2", 0L), List.of())),
        // Features this server does not speak are dropped, each known one kept once.
        Arguments.of(
            "{\"op\":\"auth\",\"ref\":\"r1\",\"token\":\"t\",\"features\":[\"x-later\",\"presence.batch\",\"presence.batch\"]}",
            new Request.Auth("t", Map.of(), List.of("presence.batch"))),
        Arguments.of("{\"op\":\"ping\",\"ref\":\"r1\"}", new Request.Ping()),
        Arguments.of(
            "{\"op\":\"workspace.create\",\"ref\":\"r1\",\"name\":\"  Acme Corp  \"}",
            new WorkspaceRequest.WorkspaceCreate("Acme Corp")),
        Arguments.of(
            "{\"op\":\"workspace.invite\",\"ref\":\"r1\",\"workspaceId\":\"w1\"}", new WorkspaceRequest.WorkspaceInvite("w1")),
        Arguments.of(
            "{\"op\":\"workspace.join\",\"ref\":\"r1\",\"code\":\"w1-secret\"}", new WorkspaceRequest.WorkspaceJoin("w1-secret")),
        Arguments.of(
            "{\"op\":\"workspace.members\",\"ref\":\"r1\",\"workspaceId\":\"w1\"}", new WorkspaceRequest.WorkspaceMembers("w1")),
        Arguments.of(
            "{\"op\":\"workspace.channels\",\"ref\":\"r1\",\"workspaceId\":\"w1\"}",
            new WorkspaceRequest.WorkspaceChannels("w1")),
        Arguments.of(
            "{\"op\":\"channel.create\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"name\":\"general\"}",
            new ChannelRequest.ChannelCreate("w1", "general", false, "")),
        Arguments.of(
            "{\"op\":\"channel.create\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"name\":\"leads\",\"private\":true,"
                + "\"topic\":\"Q3 pipeline\"}",
            new ChannelRequest.ChannelCreate("w1", "leads", true, "Q3 pipeline")),
        Arguments.of("{\"op\":\"channel.join\",\"ref\":\"r1\",\"channelId\":\"c1\"}", new ChannelRequest.ChannelJoin("c1")),
        Arguments.of("{\"op\":\"channel.leave\",\"ref\":\"r1\",\"channelId\":\"c1\"}", new ChannelRequest.ChannelLeave("c1")),
        Arguments.of(
            "{\"op\":\"message.post\",\"ref\":\"r1\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\"}",
            new MessageRequest.MessagePost("c1", "m1", "hi", null)),
        Arguments.of(
            "{\"op\":\"message.post\",\"ref\":\"r1\",\"channelId\":\"c1\",\"clientMsgId\":\"m2\",\"text\":\"re\","
                + "\"threadSeq\":7}",
            new MessageRequest.MessagePost("c1", "m2", "re", 7L)),
        Arguments.of(
            "{\"op\":\"message.post\",\"ref\":\"r1\",\"channelId\":\"c1\",\"clientMsgId\":\"m3\",\"text\":\"see\","
                + "\"files\":[\"f1\",\"f2\"]}",
            new MessageRequest.MessagePost("c1", "m3", "see", null, List.of("f1", "f2"))),
        Arguments.of(
            "{\"op\":\"message.post\",\"ref\":\"r1\",\"channelId\":\"c1\",\"clientMsgId\":\"m4\",\"files\":[\"f1\"]}",
            new MessageRequest.MessagePost("c1", "m4", "", null, List.of("f1"))),
        Arguments.of(
            "{\"op\":\"history\",\"ref\":\"r1\",\"channelId\":\"c1\"}", new MessageRequest.History("c1", null, null, 50)),
        Arguments.of(
            "{\"op\":\"history\",\"ref\":\"r1\",\"channelId\":\"c1\",\"before\":40,\"limit\":10}",
            new MessageRequest.History("c1", 40L, null, 10)),
        Arguments.of(
            "{\"op\":\"history\",\"ref\":\"r1\",\"channelId\":\"c1\",\"after\":0,\"limit\":200}",
            new MessageRequest.History("c1", null, 0L, 200)),
        Arguments.of(
            "{\"op\":\"workspace.role\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"userId\":\"u2\",\"role\":\"admin\"}",
            new WorkspaceRequest.WorkspaceRole("w1", "u2", "admin")),
        Arguments.of(
            "{\"op\":\"channel.add\",\"ref\":\"r1\",\"channelId\":\"c1\",\"userId\":\"u2\"}",
            new ChannelRequest.ChannelAdd("c1", "u2")),
        Arguments.of(
            "{\"op\":\"channel.topic\",\"ref\":\"r1\",\"channelId\":\"c1\",\"topic\":\"Q4\"}",
            new ChannelRequest.ChannelTopic("c1", "Q4")),
        Arguments.of(
            "{\"op\":\"dm.open\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"userIds\":[\"u3\",\"u2\",\"u3\"]}",
            new ChannelRequest.DmOpen("w1", List.of("u2", "u3"))),
        Arguments.of(
            "{\"op\":\"message.edit\",\"ref\":\"r1\",\"channelId\":\"c1\",\"seq\":3,\"text\":\"fixed\"}",
            new MessageRequest.MessageEdit("c1", 3L, "fixed")),
        Arguments.of(
            "{\"op\":\"message.delete\",\"ref\":\"r1\",\"channelId\":\"c1\",\"seq\":3}",
            new MessageRequest.MessageDelete("c1", 3L)),
        Arguments.of(
            "{\"op\":\"reaction.add\",\"ref\":\"r1\",\"channelId\":\"c1\",\"seq\":3,\"emoji\":\"+1\"}",
            new MessageRequest.ReactionAdd("c1", 3L, "+1")),
        Arguments.of(
            "{\"op\":\"reaction.remove\",\"ref\":\"r1\",\"channelId\":\"c1\",\"seq\":3,\"emoji\":\"+1\"}",
            new MessageRequest.ReactionRemove("c1", 3L, "+1")),
        Arguments.of(
            "{\"op\":\"thread\",\"ref\":\"r1\",\"channelId\":\"c1\",\"seq\":3}",
            new MessageRequest.Thread("c1", 3L, null, 50)),
        Arguments.of("{\"op\":\"typing\",\"ref\":\"r1\",\"channelId\":\"c1\"}", new LiveRequest.Typing("c1")),
        Arguments.of(
            "{\"op\":\"read\",\"ref\":\"r1\",\"channelId\":\"c1\",\"seq\":9}", new MessageRequest.Read("c1", 9L)),
        Arguments.of(
            "{\"op\":\"presence.set\",\"ref\":\"r1\",\"status\":\"dnd\"}", new LiveRequest.PresenceSet("dnd")),
        Arguments.of(
            "{\"op\":\"call.signal\",\"ref\":\"r1\",\"toUserId\":\"u2\",\"callId\":\"k1\",\"kind\":\"hangup\"}",
            new LiveRequest.CallSignal("u2", "k1", "hangup", null)),
        Arguments.of("{\"op\":\"account.me\",\"ref\":\"r1\"}", new AccountRequest.AccountMe()),
        Arguments.of(
            "{\"op\":\"account.password\",\"ref\":\"r1\",\"currentPassword\":\"old\",\"newPassword\":\"long enough\"}",
            new AccountRequest.AccountPassword("old", "long enough")),
        Arguments.of(
            "{\"op\":\"account.name\",\"ref\":\"r1\",\"displayName\":\" Ada L. \"}", new AccountRequest.AccountName("Ada L.")),
        Arguments.of(
            "{\"op\":\"account.email.set\",\"ref\":\"r1\",\"email\":\"Ada.L+chat@Example.ORG\"}",
            new AccountRequest.AccountEmailSet("Ada.L+chat@example.org")),
        Arguments.of("{\"op\":\"account.email.set\",\"ref\":\"r1\",\"email\":\"\"}", new AccountRequest.AccountEmailSet("")),
        Arguments.of("{\"op\":\"notify.get\",\"ref\":\"r1\"}", new NotifyRequest.NotifyGet()),
        Arguments.of(
            "{\"op\":\"notify.set\",\"ref\":\"r1\",\"level\":\"nothing\"}", new NotifyRequest.NotifySet(null, "nothing", false)),
        Arguments.of(
            "{\"op\":\"notify.set\",\"ref\":\"r1\",\"channelId\":\"c1\",\"level\":\"all\",\"muted\":true}",
            new NotifyRequest.NotifySet("c1", "all", true)),
        Arguments.of(
            "{\"op\":\"admin.deactivate\",\"ref\":\"r1\",\"username\":\"Bob\"}",
            new AccountRequest.AdminAction("admin.deactivate", "bob")),
        Arguments.of(
            "{\"op\":\"admin.create\",\"ref\":\"r1\",\"username\":\"Carol\",\"password\":\"long enough\"}",
            new AccountRequest.AdminCreate("carol", "long enough", "carol")),
        Arguments.of("{\"op\":\"admin.audit\",\"ref\":\"r1\",\"before\":9}", new AccountRequest.AdminAudit(9L, 50)),
        Arguments.of(
            "{\"op\":\"admin.accounts\",\"ref\":\"r1\",\"query\":\" Bo \",\"after\":\"Ann\"}",
            new AccountRequest.AdminAccounts("Bo", "ann", 50)),
        Arguments.of("{\"op\":\"admin.accounts\",\"ref\":\"r1\",\"query\":\"  \"}", new AccountRequest.AdminAccounts(null, null, 50)),
        Arguments.of("{\"op\":\"admin.registration\",\"ref\":\"r1\"}", new AccountRequest.AdminRegistration()),
        Arguments.of(
            "{\"op\":\"admin.delete\",\"ref\":\"r1\",\"username\":\"Bob\"}", new AccountRequest.AdminAction("admin.delete", "bob")),
        Arguments.of(
            "{\"op\":\"workspace.retention\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"days\":90}",
            new WorkspaceRequest.WorkspaceRetention("w1", 90)),
        Arguments.of(
            "{\"op\":\"admin.registration.set\",\"ref\":\"r1\",\"mode\":\"closed\"}", new AccountRequest.AdminRegistrationSet("closed")),
        Arguments.of(
            "{\"op\":\"workspace.invite\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"expiresIn\":3600,\"maxUses\":5}",
            new WorkspaceRequest.WorkspaceInvite("w1", 3600L, 5)),
        Arguments.of("{\"op\":\"workspace.invites\",\"ref\":\"r1\",\"workspaceId\":\"w1\"}", new WorkspaceRequest.WorkspaceInvites("w1")),
        Arguments.of(
            "{\"op\":\"workspace.invite.revoke\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"code\":\"w1-s\"}",
            new WorkspaceRequest.WorkspaceInviteRevoke("w1", "w1-s")),
        Arguments.of(
            "{\"op\":\"workspace.remove\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"userId\":\"u2\"}",
            new WorkspaceRequest.WorkspaceMemberAction("workspace.remove", "w1", "u2")),
        Arguments.of(
            "{\"op\":\"workspace.rename\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"name\":\" Acme 2 \"}",
            new WorkspaceRequest.WorkspaceRename("w1", "Acme 2")),
        Arguments.of(
            "{\"op\":\"channel.archive\",\"ref\":\"r1\",\"channelId\":\"c1\"}", new ChannelRequest.ChannelAction("channel.archive", "c1")),
        Arguments.of(
            "{\"op\":\"channel.rename\",\"ref\":\"r1\",\"channelId\":\"c1\",\"name\":\"ops-2\"}", new ChannelRequest.ChannelRename("c1", "ops-2")),
        Arguments.of(
            "{\"op\":\"hook.create\",\"ref\":\"r1\",\"channelId\":\"c1\",\"name\":\" CI bot \"}", new HookRequest.HookCreate("c1", "CI bot")),
        Arguments.of("{\"op\":\"hook.list\",\"ref\":\"r1\",\"channelId\":\"c1\"}", new HookRequest.HookList("c1")),
        Arguments.of(
            "{\"op\":\"hook.revoke\",\"ref\":\"r1\",\"channelId\":\"c1\",\"hookId\":\"h1\"}", new HookRequest.HookRevoke("c1", "h1")),
        Arguments.of(
            "{\"op\":\"bot.create\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"name\":\"CI-Bot\"}", new BotRequest.BotCreate("w1", "ci-bot")),
        Arguments.of("{\"op\":\"bot.list\",\"ref\":\"r1\",\"workspaceId\":\"w1\"}", new BotRequest.BotList("w1")),
        Arguments.of("{\"op\":\"bot.remove\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"botId\":\"b1\"}", new BotRequest.BotRemove("w1", "b1")),
        Arguments.of(
            "{\"op\":\"bot.token.create\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"botId\":\"b1\",\"label\":\" deploys \"}",
            new BotRequest.BotTokenCreate("w1", "b1", "deploys")),
        Arguments.of(
            "{\"op\":\"bot.token.list\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"botId\":\"b1\"}", new BotRequest.BotTokenList("w1", "b1")),
        Arguments.of(
            "{\"op\":\"bot.token.revoke\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"botId\":\"b1\",\"tokenId\":\"k1\"}",
            new BotRequest.BotTokenRevoke("w1", "b1", "k1")),
        Arguments.of(
            "{\"op\":\"subscription.create\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"url\":\" https://example.org/e \",\"events\":[\"message.posted\",\"message.posted\"]}",
            new SubscriptionRequest.SubscriptionCreate("w1", "https://example.org/e", List.of("message.posted"))),
        Arguments.of("{\"op\":\"subscription.list\",\"ref\":\"r1\",\"workspaceId\":\"w1\"}", new SubscriptionRequest.SubscriptionList("w1")),
        Arguments.of(
            "{\"op\":\"subscription.remove\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"subscriptionId\":\"s1\"}",
            new SubscriptionRequest.SubscriptionRemove("w1", "s1")),
        Arguments.of(
            "{\"op\":\"subscription.create\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"url\":\"https://example.org/e\",\"events\":[\"bot.mentioned\",\"message.posted\"]}",
            new SubscriptionRequest.SubscriptionCreate("w1", "https://example.org/e", List.of("bot.mentioned", "message.posted"))),
        Arguments.of(
            "{\"op\":\"subscription.enable\",\"ref\":\"r1\",\"workspaceId\":\"w1\",\"subscriptionId\":\"s1\"}",
            new SubscriptionRequest.SubscriptionEnable("w1", "s1")));
  }

  @ParameterizedTest
  @MethodSource("validFrames")
  void decodesValidFrameToItsRequest(String json, Request expected) {
    ClientFrame frame = CODEC.decodeRequest(json);

    assertEquals(new ClientFrame("r1", expected), frame);
  }

  @Test
  void everyOpHasAValidFrameCase() {
    Set<Class<?>> covered =
        validFrames().map(args -> args.get()[1].getClass()).collect(Collectors.toSet());

    assertEquals(operations(Request.class).collect(Collectors.toSet()), covered);
  }

  /** The records of the sealed request hierarchy: one per op, under the areas' interfaces. */
  private static Stream<Class<?>> operations(Class<?> type) {
    return type.isRecord() ? Stream.of(type) : Arrays.stream(type.getPermittedSubclasses()).flatMap(WireCodecTest::operations);
  }

  @Test
  void frameWithoutRefDecodesWithNullRef() {
    assertEquals(new ClientFrame(null, new Request.Ping()), CODEC.decodeRequest("{\"op\":\"ping\"}"));
  }

  @Test
  void nullRefIsTheSameAsNoRef() {
    assertEquals(new ClientFrame(null, new Request.Ping()), CODEC.decodeRequest("{\"op\":\"ping\",\"ref\":null}"));
  }

  @Test
  void stringRefIsKeptAsSent() {
    String ref = "42 é😀 \\\" x";

    assertEquals(ref, CODEC.decodeRequest(CODEC.encodeRequest(ref, new Request.Ping())).ref());
    assertEquals("42", CODEC.decodeRequest("{\"op\":\"ping\",\"ref\":\"42\"}").ref());
  }

  @Test
  void unknownExtraFieldsAreIgnored() {
    ClientFrame frame =
        CODEC.decodeRequest(
            "{\"op\":\"message.post\",\"ref\":\"r1\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\","
                + "\"futureField\":{\"nested\":[1,2,3]},\"flag\":true}");

    assertEquals(new ClientFrame("r1", new MessageRequest.MessagePost("c1", "m1", "hi", null)), frame);
  }

  // Invalid frames: always bad_request, with the ref when it could be read

  static Stream<Arguments> invalidRequests() {
    String longId = "x".repeat(65);
    return Stream.of(
        // missing fields
        Arguments.of("auth", "{\"op\":\"auth\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.create", "{\"op\":\"workspace.create\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.invite", "{\"op\":\"workspace.invite\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.join", "{\"op\":\"workspace.join\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.members", "{\"op\":\"workspace.members\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.channels", "{\"op\":\"workspace.channels\",\"ref\":\"r7\"}"),
        Arguments.of("channel.create", "{\"op\":\"channel.create\",\"ref\":\"r7\",\"name\":\"general\"}"),
        Arguments.of("channel.create", "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\"}"),
        Arguments.of("channel.join", "{\"op\":\"channel.join\",\"ref\":\"r7\"}"),
        Arguments.of("channel.leave", "{\"op\":\"channel.leave\",\"ref\":\"r7\"}"),
        Arguments.of("message.post", "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"text\":\"hi\"}"),
        Arguments.of(
            "message.post", "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\"}"),
        Arguments.of("message.post", "{\"op\":\"message.post\",\"ref\":\"r7\",\"clientMsgId\":\"m1\",\"text\":\"hi\"}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"limit\":5}"),
        Arguments.of("workspace.role", "{\"op\":\"workspace.role\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"userId\":\"u2\",\"role\":\"owner\"}"),
        Arguments.of("channel.add", "{\"op\":\"channel.add\",\"ref\":\"r7\",\"channelId\":\"c1\"}"),
        Arguments.of("channel.topic", "{\"op\":\"channel.topic\",\"ref\":\"r7\",\"channelId\":\"c1\"}"),
        Arguments.of("dm.open", "{\"op\":\"dm.open\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"userIds\":[]}"),
        Arguments.of("dm.open", "{\"op\":\"dm.open\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"userIds\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\"]}"),
        Arguments.of("message.edit", "{\"op\":\"message.edit\",\"ref\":\"r7\",\"channelId\":\"c1\",\"seq\":0,\"text\":\"x\"}"),
        Arguments.of("message.delete", "{\"op\":\"message.delete\",\"ref\":\"r7\",\"channelId\":\"c1\"}"),
        Arguments.of("reaction.add", "{\"op\":\"reaction.add\",\"ref\":\"r7\",\"channelId\":\"c1\",\"seq\":1,\"emoji\":\"" + "x".repeat(65) + "\"}"),
        Arguments.of("reaction.remove", "{\"op\":\"reaction.remove\",\"ref\":\"r7\",\"channelId\":\"c1\",\"seq\":1}"),
        Arguments.of("thread", "{\"op\":\"thread\",\"ref\":\"r7\",\"channelId\":\"c1\"}"),
        Arguments.of("typing", "{\"op\":\"typing\",\"ref\":\"r7\"}"),
        Arguments.of("read", "{\"op\":\"read\",\"ref\":\"r7\",\"channelId\":\"c1\",\"seq\":-1}"),
        Arguments.of("presence.set", "{\"op\":\"presence.set\",\"ref\":\"r7\",\"status\":\"offline\"}"),
        Arguments.of("call.signal", "{\"op\":\"call.signal\",\"ref\":\"r7\",\"toUserId\":\"u2\",\"callId\":\"k\",\"kind\":\"ring\"}"),
        Arguments.of("account.password", "{\"op\":\"account.password\",\"ref\":\"r7\",\"currentPassword\":\"x\",\"newPassword\":\"short\"}"),
        Arguments.of("account.name", "{\"op\":\"account.name\",\"ref\":\"r7\",\"displayName\":\"  \"}"),
        Arguments.of("account.email.set", "{\"op\":\"account.email.set\",\"ref\":\"r7\",\"email\":\"no-at-sign\"}"),
        Arguments.of("account.email.set", "{\"op\":\"account.email.set\",\"ref\":\"r7\",\"email\":\"a@b.org\\r\\nBcc: c@d.org\"}"),
        Arguments.of("account.email.set", "{\"op\":\"account.email.set\",\"ref\":\"r7\"}"),
        Arguments.of("notify.set", "{\"op\":\"notify.set\",\"ref\":\"r7\",\"level\":\"loud\"}"),
        Arguments.of("notify.set", "{\"op\":\"notify.set\",\"ref\":\"r7\",\"muted\":true}"),
        Arguments.of("notify.set", "{\"op\":\"notify.set\",\"ref\":\"r7\",\"level\":\"all\",\"muted\":\"yes\"}"),
        Arguments.of("admin.deactivate", "{\"op\":\"admin.deactivate\",\"ref\":\"r7\",\"username\":\"no spaces\"}"),
        Arguments.of("admin.delete", "{\"op\":\"admin.delete\",\"ref\":\"r7\"}"),
        Arguments.of("admin.create", "{\"op\":\"admin.create\",\"ref\":\"r7\",\"username\":\"carol\"}"),
        Arguments.of("admin.audit", "{\"op\":\"admin.audit\",\"ref\":\"r7\",\"limit\":0}"),
        Arguments.of("admin.accounts", "{\"op\":\"admin.accounts\",\"ref\":\"r7\",\"limit\":201}"),
        Arguments.of("admin.accounts", "{\"op\":\"admin.accounts\",\"ref\":\"r7\",\"after\":\"no spaces\"}"),
        Arguments.of("admin.registration.set", "{\"op\":\"admin.registration.set\",\"ref\":\"r7\",\"mode\":\"ajar\"}"),
        Arguments.of("admin.registration.set", "{\"op\":\"admin.registration.set\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.invite", "{\"op\":\"workspace.invite\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"expiresIn\":0}"),
        Arguments.of("workspace.invite", "{\"op\":\"workspace.invite\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"maxUses\":0}"),
        Arguments.of("workspace.invites", "{\"op\":\"workspace.invites\",\"ref\":\"r7\"}"),
        Arguments.of("workspace.retention", "{\"op\":\"workspace.retention\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"days\":-1}"),
        Arguments.of("workspace.retention", "{\"op\":\"workspace.retention\",\"ref\":\"r7\",\"workspaceId\":\"w1\"}"),
        Arguments.of("workspace.invite.revoke", "{\"op\":\"workspace.invite.revoke\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"code\":\"\"}"),
        Arguments.of("workspace.remove", "{\"op\":\"workspace.remove\",\"ref\":\"r7\",\"workspaceId\":\"w1\"}"),
        Arguments.of("workspace.rename", "{\"op\":\"workspace.rename\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\" \"}"),
        Arguments.of("channel.archive", "{\"op\":\"channel.archive\",\"ref\":\"r7\",\"channelId\":7}"),
        Arguments.of("channel.rename", "{\"op\":\"channel.rename\",\"ref\":\"r7\",\"channelId\":\"c1\",\"name\":\"Ops\"}"),
        Arguments.of("hook.create", "{\"op\":\"hook.create\",\"ref\":\"r7\",\"channelId\":\"c1\",\"name\":\"  \"}"),
        Arguments.of("hook.list", "{\"op\":\"hook.list\",\"ref\":\"r7\"}"),
        Arguments.of("hook.revoke", "{\"op\":\"hook.revoke\",\"ref\":\"r7\",\"channelId\":\"c1\",\"hookId\":\"\"}"),
        Arguments.of("bot.create", "{\"op\":\"bot.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"no spaces\"}"),
        Arguments.of("bot.token.create", "{\"op\":\"bot.token.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\"}"),
        Arguments.of("bot.list", "{\"op\":\"bot.list\",\"ref\":\"r7\",\"workspaceId\":\"\"}"),
        Arguments.of("bot.remove", "{\"op\":\"bot.remove\",\"ref\":\"r7\",\"botId\":\"b1\"}"),
        Arguments.of("bot.token.list", "{\"op\":\"bot.token.list\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"botId\":7}"),
        Arguments.of("bot.token.revoke", "{\"op\":\"bot.token.revoke\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"botId\":\"b1\"}"),
        Arguments.of("subscription.create", "{\"op\":\"subscription.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"url\":\"https://e.org\",\"events\":[]}"),
        Arguments.of("subscription.create", "{\"op\":\"subscription.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"url\":\"https://e.org\",\"events\":[\"message.edited\"]}"),
        Arguments.of("subscription.create", "{\"op\":\"subscription.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"events\":[\"message.posted\"]}"),
        Arguments.of("subscription.remove", "{\"op\":\"subscription.remove\",\"ref\":\"r7\",\"workspaceId\":\"w1\"}"),
        Arguments.of("subscription.create", "{\"op\":\"subscription.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"url\":\"https://e.org\",\"events\":[\"bot.mentioned\",\"bot.joined\"]}"),
        Arguments.of("subscription.enable", "{\"op\":\"subscription.enable\",\"ref\":\"r7\",\"subscriptionId\":\"s1\"}"),
        Arguments.of("subscription.list", "{\"op\":\"subscription.list\",\"ref\":\"r7\"}"),
        // null counts as missing
        Arguments.of("channel.join", "{\"op\":\"channel.join\",\"ref\":\"r7\",\"channelId\":null}"),
        // wrong types
        Arguments.of("auth", "{\"op\":\"auth\",\"ref\":\"r7\",\"token\":{\"a\":1}}"),
        Arguments.of("auth", "{\"op\":\"auth\",\"ref\":\"r7\",\"token\":\"t\",\"resume\":[1,2]}"),
        Arguments.of("auth", "{\"op\":\"auth\",\"ref\":\"r7\",\"token\":\"t\",\"resume\":{\"c1\":\"latest\"}}"),
        Arguments.of("workspace.create", "{\"op\":\"workspace.create\",\"ref\":\"r7\",\"name\":[\"Acme\"]}"),
        Arguments.of("channel.create",
            "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"g\",\"private\":\"maybe\"}"),
        Arguments.of("channel.join", "{\"op\":\"channel.join\",\"ref\":\"r7\",\"channelId\":{}}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":{\"b\":1}}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\","
                + "\"threadSeq\":\"root\"}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"limit\":\"lots\"}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"before\":[3]}"),
        Arguments.of("history",
            "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"after\":123456789012345678901234567890}"),
        // too long
        Arguments.of("auth", "{\"op\":\"auth\",\"ref\":\"r7\",\"token\":\"" + "t".repeat(8 * 1024 + 1) + "\"}"),
        Arguments.of("workspace.create", "{\"op\":\"workspace.create\",\"ref\":\"r7\",\"name\":\"" + "n".repeat(81) + "\"}"),
        Arguments.of("workspace.invite", "{\"op\":\"workspace.invite\",\"ref\":\"r7\",\"workspaceId\":\"" + longId + "\"}"),
        Arguments.of("workspace.join", "{\"op\":\"workspace.join\",\"ref\":\"r7\",\"code\":\"" + "c".repeat(129) + "\"}"),
        Arguments.of("workspace.members",
            "{\"op\":\"workspace.members\",\"ref\":\"r7\",\"workspaceId\":\"" + longId + "\"}"),
        Arguments.of("workspace.channels",
            "{\"op\":\"workspace.channels\",\"ref\":\"r7\",\"workspaceId\":\"" + longId + "\"}"),
        Arguments.of("channel.create",
            "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"" + "g".repeat(81) + "\"}"),
        Arguments.of("channel.create",
            "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"g\",\"topic\":\""
                + "t".repeat(251) + "\"}"),
        Arguments.of("channel.join", "{\"op\":\"channel.join\",\"ref\":\"r7\",\"channelId\":\"" + longId + "\"}"),
        Arguments.of("channel.leave", "{\"op\":\"channel.leave\",\"ref\":\"r7\",\"channelId\":\"" + longId + "\"}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"" + longId
                + "\",\"text\":\"hi\"}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\""
                + "t".repeat(4001) + "\"}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"" + longId + "\"}"),
        // invalid values
        Arguments.of("auth", "{\"op\":\"auth\",\"ref\":\"r7\",\"token\":\"t\",\"resume\":{\"c1\":-1}}"),
        Arguments.of("workspace.create", "{\"op\":\"workspace.create\",\"ref\":\"r7\",\"name\":\"   \"}"),
        Arguments.of("workspace.join", "{\"op\":\"workspace.join\",\"ref\":\"r7\",\"code\":\"\"}"),
        Arguments.of("channel.create",
            "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"General\"}"),
        Arguments.of("channel.join", "{\"op\":\"channel.join\",\"ref\":\"r7\",\"channelId\":\"\"}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"\"}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\","
                + "\"threadSeq\":0}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"files\":[]}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\","
                + "\"files\":[\"f1\",\"f1\"]}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\","
                + "\"files\":[\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\",\"f8\",\"f9\",\"f10\",\"f11\"]}"),
        Arguments.of("message.post",
            "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"hi\","
                + "\"files\":[\"\"]}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"before\":5,\"after\":1}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"before\":-1}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"limit\":0}"),
        Arguments.of("history", "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"limit\":201}"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidRequests")
  void rejectsInvalidRequestAsBadRequestEchoingTheRef(String op, String json) {
    FrameException e = assertThrows(FrameException.class, () -> CODEC.decodeRequest(json));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r7", e.ref());
    assertEquals(new ServerFrame.Error("r7", "bad_request", e.getMessage()), e.toFrame());
  }

  @Test
  void everyOpHasInvalidRequestCases() {
    Set<String> ops = invalidRequests().map(args -> (String) args.get()[0]).collect(Collectors.toSet());
    Set<String> all =
        validFrames()
            .map(args -> ((Request) args.get()[1]).op())
            // no fields to get wrong
            .filter(op -> !op.equals("ping") && !op.equals("account.me") && !op.equals("admin.registration") && !op.equals("notify.get"))
            .collect(Collectors.toSet());

    assertEquals(all, ops);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"limit\":\"5\"}",
        "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"limit\":5.9}",
        "{\"op\":\"history\",\"ref\":\"r7\",\"channelId\":\"c1\",\"after\":\"\"}",
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"x\",\"threadSeq\":2.5}",
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":123}",
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":true}",
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"x\",\"files\":[7]}",
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"x\",\"files\":\"f1\"}",
        "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"g\",\"private\":\"true\"}",
        "{\"op\":\"channel.create\",\"ref\":\"r7\",\"workspaceId\":\"w1\",\"name\":\"g\",\"private\":1}",
        "{\"op\":\"auth\",\"ref\":\"r7\",\"token\":\"t\",\"resume\":{\"c1\":\"7\"}}"
      })
  void rejectsScalarOfTheWrongJsonType(String json) {
    FrameException e = assertThrows(FrameException.class, () -> CODEC.decodeRequest(json));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r7", e.ref());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"a\\ud800b\"}",
        "{\"op\":\"message.post\",\"ref\":\"r7\",\"channelId\":\"c1\",\"clientMsgId\":\"\\udc00\",\"text\":\"hi\"}",
        "{\"op\":\"ping\",\"ref\":\"r7\",\"extra\":[{\"\\ud83d\":1}]}"
      })
  void rejectsUnpairedSurrogateEscapesInAnyField(String json) {
    FrameException e = assertThrows(FrameException.class, () -> CODEC.decodeRequest(json));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r7", e.ref());
  }

  @Test
  void acceptsEscapedSurrogatePairs() {
    ClientFrame frame =
        CODEC.decodeRequest(
            "{\"op\":\"message.post\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":\"\\ud83d\\ude00\"}");

    assertEquals(new MessageRequest.MessagePost("c1", "m1", "\uD83D\uDE00", null), frame.request());
  }

  @Test
  void wrongTypeErrorNamesTheField() {
    FrameException e =
        assertThrows(
            FrameException.class,
            () ->
                CODEC.decodeRequest(
                    "{\"op\":\"message.post\",\"channelId\":\"c1\",\"clientMsgId\":\"m1\",\"text\":[\"hi\"]}"));

    assertTrue(e.getMessage().contains("'text'"), e.getMessage());
    assertEquals("message.post", e.op());
  }

  @Test
  void rejectsUnknownOpEchoingTheRef() {
    FrameException e =
        assertThrows(FrameException.class, () -> CODEC.decodeRequest("{\"op\":\"channel.explode\",\"ref\":\"r9\"}"));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r9", e.ref());
    assertNull(e.op());
    assertTrue(e.getMessage().contains("channel.explode"), e.getMessage());
  }

  @Test
  void unknownOpIsClippedInTheMessage() {
    String op = "o".repeat(10_000);
    FrameException e =
        assertThrows(FrameException.class, () -> CODEC.decodeRequest("{\"op\":\"" + op + "\",\"ref\":\"r9\"}"));

    assertTrue(e.getMessage().length() < 200, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"ref\":\"r9\"}", "{\"ref\":\"r9\",\"op\":null}", "{\"ref\":\"r9\",\"op\":5}", "{\"ref\":\"r9\",\"op\":[\"ping\"]}"})
  void rejectsMissingOrNonTextOpEchoingTheRef(String json) {
    FrameException e = assertThrows(FrameException.class, () -> CODEC.decodeRequest(json));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("r9", e.ref());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"op\":\"ping\"}]", "\"ping\"", "42", "true", "null", ""})
  void rejectsNonObjectJson(String json) {
    FrameException e = assertThrows(FrameException.class, () -> CODEC.decodeRequest(json));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertNull(e.ref());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"op\":\"ping\",\"ref\":\"r1\"",
        "{op:\"ping\"}",
        "{\"op\":'ping'}",
        "{\"op\":\"ping\"} {\"op\":\"ping\"}",
        "{\"op\":\"ping\"}garbage",
        "\u0000"
      })
  void rejectsMalformedJsonWithoutARef(String json) {
    FrameException e = assertThrows(FrameException.class, () -> CODEC.decodeRequest(json));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertNull(e.ref());
  }

  @Test
  void rejectsTooLongRefWithoutEchoingIt() {
    FrameException e =
        assertThrows(FrameException.class, () -> CODEC.decodeRequest("{\"op\":\"ping\",\"ref\":\"" + "r".repeat(65) + "\"}"));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertNull(e.ref());
  }

  @Test
  void acceptsRefOfTheMaximumLength() {
    String ref = "r".repeat(64);

    assertEquals(ref, CODEC.decodeRequest("{\"op\":\"ping\",\"ref\":\"" + ref + "\"}").ref());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "42         | a number",
        "-1         | a number",
        "1.50       | a number",
        "1e400      | a number",
        "1180591620717411303424 | a number",
        "{\"id\":1}   | an object",
        "[\"r\"]      | an array",
        "[]         | an array",
        "true       | a boolean",
        "false      | a boolean"
      })
  void rejectsRefThatIsNotAString(String ref, String kind) {
    FrameException e =
        assertThrows(FrameException.class, () -> CODEC.decodeRequest("{\"op\":\"ping\",\"ref\":" + ref + "}"));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertEquals("field 'ref' must be a string, not " + kind, e.getMessage());
    assertNull(e.ref());
    assertNull(e.op());
  }

  @Test
  void refusalOfANumericRefIsAnErrorFrameWithoutRef() {
    FrameException e =
        assertThrows(FrameException.class, () -> CODEC.decodeRequest("{\"op\":\"message.post\",\"ref\":7,\"channelId\":\"c1\"}"));

    assertEquals(
        "{\"op\":\"error\",\"code\":\"bad_request\",\"message\":\"field 'ref' must be a string, not a number\"}",
        CODEC.encode(e.toFrame()));
  }

  @Test
  void authToStringHidesTheToken() {
    Request.Auth auth = (Request.Auth) CODEC.decodeRequest("{\"op\":\"auth\",\"token\":\"secret-token-value\"}").request();

    assertFalse(auth.toString().contains("secret-token-value"));
    assertFalse(CODEC.decodeRequest("{\"op\":\"auth\",\"token\":\"secret-token-value\"}").toString().contains("secret-token-value"));
  }

  // HTTP bodies

  @Test
  void readBodyBindsAJsonObjectToItsRecord() {
    assertEquals(
        new AuthBodies.Login("alice", "pa55word"),
        CODEC.readBody(
            "{\"username\":\"alice\",\"password\":\"pa55word\",\"extra\":1}",
            AuthBodies.Login.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not json", "{\"username\":", "[]", "\"alice\"", "{\"username\":{\"a\":1}}"})
  void readBodyRejectsAnythingButAFittingObjectAsBadRequest(String body) {
    ProtocolException e =
        assertThrows(
            ProtocolException.class, () -> CODEC.readBody(body, AuthBodies.Login.class));

    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }

  // Encoding server frames

  @Test
  void okFrameHasOpFirstAndEchoesTheRef() {
    assertEquals("{\"op\":\"ok\",\"ref\":\"r1\",\"data\":{}}", CODEC.encode(new ServerFrame.Ok("r1", new Reply.Empty())));
  }

  @Test
  void okFrameWithoutRefOmitsIt() {
    assertEquals(
        "{\"op\":\"ok\",\"data\":{\"seq\":12,\"ts\":1700000000000}}",
        CODEC.encode(new ServerFrame.Ok(null, new Reply.Posted(12, 1_700_000_000_000L, null))));
    assertEquals(
        "{\"op\":\"ok\",\"data\":{\"seq\":12,\"ts\":1700000000000,\"duplicate\":true}}",
        CODEC.encode(new ServerFrame.Ok(null, new Reply.Posted(12, 1_700_000_000_000L, true))));
  }

  @Test
  void errorFrameHasOpFirstAndTheWireCode() {
    assertEquals(
        "{\"op\":\"error\",\"ref\":\"r2\",\"code\":\"not_found\",\"message\":\"no such channel\"}",
        CODEC.encode(new ServerFrame.Error("r2", ErrorCode.NOT_FOUND, "no such channel")));
    assertEquals(
        "{\"op\":\"error\",\"code\":\"bad_request\",\"message\":\"malformed JSON\"}",
        CODEC.encode(new ServerFrame.Error(null, ErrorCode.BAD_REQUEST, "malformed JSON")));
  }

  @Test
  void eventFrameHasOpTypeAndDataWithoutNulls() {
    ChannelEventData posted = new ChannelEventData.MessagePosted("c1", 7, "u1", "hello", 1_700_000_000_000L, "m1", null, null, null);

    assertEquals(
        "{\"op\":\"event\",\"type\":\"message.posted\",\"data\":{\"channelId\":\"c1\",\"seq\":7,\"author\":\"u1\","
            + "\"text\":\"hello\",\"ts\":1700000000000,\"clientMsgId\":\"m1\"}}",
        CODEC.encode(ServerFrame.Event.of(posted)));
    assertEquals(
        "{\"op\":\"event\",\"type\":\"member.joined\",\"data\":{\"channelId\":\"c1\",\"seq\":1,\"userId\":\"u1\"}}",
        CODEC.encode(ServerFrame.Event.of(new ChannelEventData.MemberJoined("c1", 1, "u1"))));
  }

  @Test
  void encodedServerFramesDecodeOnTheClientSide() {
    WireCodec.IncomingFrame ok = CODEC.decodeServerFrame(CODEC.encode(new ServerFrame.Ok("r1", new Reply.Invite("w1-s"))));
    WireCodec.IncomingFrame error = CODEC.decodeServerFrame(CODEC.encode(new ServerFrame.Error("r2", ErrorCode.CONFLICT, "taken")));
    WireCodec.IncomingFrame event =
        CODEC.decodeServerFrame(CODEC.encode(ServerFrame.Event.of(new ChannelEventData.MemberLeft("c1", 9, "u2"))));

    assertTrue(ok.isOk());
    assertEquals("r1", ok.ref());
    assertEquals(new Reply.Invite("w1-s"), CODEC.convert(ok.data(), Reply.Invite.class));
    assertTrue(error.isError());
    assertEquals("conflict", error.code());
    assertEquals("taken", error.message());
    assertTrue(event.isEvent());
    assertEquals(new ChannelEventData.MemberLeft("c1", 9, "u2"), CODEC.channelEvent(event.type(), event.data()));
  }

  // encodeRequest is what clients send: it must decode back to the same request

  static Stream<Arguments> requestsToEncode() {
    return Stream.concat(
        validFrames().map(args -> Arguments.of(args.get()[1])),
        Stream.of(
            Arguments.of(new ChannelRequest.ChannelCreate("w1", "leads", true, null)),
            Arguments.of(new ChannelRequest.ChannelCreate("w1", "general", null, "the topic")),
            Arguments.of(new MessageRequest.History("c1", null, null, null)),
            Arguments.of(new Request.Auth("t", null)),
            Arguments.of(new MessageRequest.MessagePost("c1", "m1", "multi\nline \"quoted\" ✓ 😀", 3L))));
  }

  @ParameterizedTest
  @MethodSource("requestsToEncode")
  void encodeRequestRoundTripsThroughDecodeRequest(Request request) {
    String json = CODEC.encodeRequest("r5", request);

    assertTrue(json.startsWith("{\"op\":\"" + request.op() + "\""), json);
    assertFalse(json.contains("null"), json);
    assertEquals(new ClientFrame("r5", request.validate(Limits.DEFAULTS)), CODEC.decodeRequest(json));
  }

  @Test
  void encodeRequestWritesPrivateUnderItsWireName() {
    String json = CODEC.encodeRequest(null, new ChannelRequest.ChannelCreate("w1", "leads", true, null));

    assertTrue(json.contains("\"private\":true"), json);
    assertFalse(json.contains("\"ref\""), json);
  }
}
