package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end against {@link FakeServer}: transport, tokens, chat bookkeeping. */
class FakeServerCliTest {
  static final long TS = 1_700_000_000_000L;
  static final String HHMM = DateTimeFormatter.ofPattern("HH:mm").format(Instant.ofEpochMilli(TS).atZone(ZoneId.systemDefault()));
  static final String AUTH_OK =
      "{\"user\":{\"id\":\"u-alice\",\"username\":\"alice\",\"displayName\":\"Alice\"},\"sessionId\":\"s1\","
          + "\"workspaces\":[{\"id\":\"w1\",\"name\":\"Acme Corp\",\"role\":\"owner\"},{\"id\":\"w0\",\"name\":\"Zeta\",\"role\":\"member\"}],"
          + "\"channels\":[{\"id\":\"c1\",\"workspaceId\":\"w1\",\"name\":\"general\",\"kind\":\"public\",\"lastSeq\":2,\"readSeq\":1,\"future\":true},"
          + "{\"id\":\"c2\",\"workspaceId\":\"w1\",\"name\":\"dev\",\"kind\":\"private\",\"lastSeq\":0,\"readSeq\":0}]}";
  static final String MEMBERS =
      "{\"members\":[{\"userId\":\"u-alice\",\"username\":\"alice\",\"role\":\"owner\",\"presence\":\"online\"},"
          + "{\"userId\":\"u-bob\",\"username\":\"bob\",\"role\":\"member\",\"presence\":\"away\"}]}";

  @TempDir Path home;
  FakeServer server;
  CliRunner cli;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    cli = new CliRunner(home, server.url());
  }

  @AfterEach
  void stop() throws Exception {
    cli.close();
    server.close();
  }

  static String posted(long seq, String author, String text, String clientMsgId) {
    return "{\"channelId\":\"c1\",\"seq\":" + seq + ",\"author\":\"" + author + "\",\"text\":\"" + text
        + "\",\"ts\":" + TS + ",\"clientMsgId\":\"" + clientMsgId + "\"}";
  }

  static String entry(String type, String data) {
    return "{\"type\":\"" + type + "\",\"data\":" + data + "}";
  }

  void loggedIn(String accessToken, String refreshToken) {
    new SessionStore(home).save("default", new Session(server.url(), "u-alice", "alice", accessToken, refreshToken));
  }

  Session saved() {
    return new SessionStore(home).load("default").orElseThrow();
  }

  /** Accepts the next WebSocket, checks its auth and answers it. */
  FakeServer.Peer authed(String expectedToken) throws Exception {
    FakeServer.Peer peer = server.nextPeer();
    assertEquals("/v1/ws", peer.path);
    JsonNode auth = peer.expect("auth");
    assertEquals(expectedToken, auth.path("token").asText());
    peer.ok(auth, AUTH_OK);
    return peer;
  }

  // ---- identity over HTTP

  @Test
  void loginStoresTheSessionOwnerOnlyAndPrintsNoToken() throws Exception {
    server.http = call -> FakeServer.HttpReply.json(200,
        "{\"accessToken\":\"AT-secret\",\"refreshToken\":\"RT-secret\",\"expiresIn\":900,\"userId\":\"u-alice\"}");

    int code = cli.stdin("pass word 1\nnext line\n").run("login", "Alice", "--password-stdin");

    assertEquals(0, code, cli.err.toString());
    assertEquals("logged in as alice\n", cli.out.toString());
    FakeServer.HttpCall call = server.nextHttpCall();
    assertEquals("POST", call.method());
    assertEquals("/v1/auth/login", call.path());
    assertEquals("Alice", call.json().path("username").asText());
    assertEquals("pass word 1", call.json().path("password").asText());
    assertEquals(new Session(server.url(), "u-alice", "alice", "AT-secret", "RT-secret"), saved());
    Path file = home.resolve("default.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse((cli.out + cli.err.toString()).contains("secret"));
  }

  @Test
  void loginWithWrongPasswordExitsOneWithTheServersError() throws Exception {
    server.http = call -> FakeServer.HttpReply.json(401, "{\"code\":\"unauthorized\",\"message\":\"wrong username or password\"}");

    int code = cli.stdin("nope-nope\n").run("login", "alice", "--password-stdin");

    assertEquals(1, code);
    assertEquals("error: unauthorized: wrong username or password\n", cli.err.toString());
    assertTrue(new SessionStore(home).load("default").isEmpty());
  }

  @Test
  void registerPrintsTheNewUserId() throws Exception {
    server.http = call -> FakeServer.HttpReply.json(201, "{\"userId\":\"u-42\"}");

    int code = cli.stdin("long enough\n").run("register", "Bob", "--display-name", "Bob B", "--password-stdin");

    assertEquals(0, code, cli.err.toString());
    assertEquals("registered bob (u-42)\n", cli.out.toString());
    JsonNode body = server.nextHttpCall().json();
    assertEquals("Bob B", body.path("displayName").asText());
  }

  @Test
  void rateLimitedRegisterShowsRetryAfter() throws Exception {
    server.http = call -> new FakeServer.HttpReply(429, "{\"code\":\"rate_limited\",\"message\":\"slow down\"}",
        Map.of("Retry-After", "30"));

    int code = cli.stdin("long enough\n").run("register", "bob", "--password-stdin");

    assertEquals(1, code);
    assertEquals("error: rate_limited: slow down (retry after 30 s)\n", cli.err.toString());
  }

  // ---- tokens

  @Test
  void refusedAccessTokenIsRefreshedOnceSavedAndUsed() throws Exception {
    loggedIn("AT-old", "RT-old");
    server.http = call -> FakeServer.HttpReply.json(200,
        "{\"accessToken\":\"AT-new\",\"refreshToken\":\"RT-new\",\"expiresIn\":900,\"userId\":\"u-alice\"}");
    cli.start("workspace", "list");

    FakeServer.Peer first = server.nextPeer();
    JsonNode auth = first.expect("auth");
    assertEquals("AT-old", auth.path("token").asText());
    first.error(auth, "unauthorized", "token expired");
    FakeServer.HttpCall refresh = server.nextHttpCall();
    assertEquals("/v1/auth/refresh", refresh.path());
    assertEquals("RT-old", refresh.json().path("refreshToken").asText());
    FakeServer.Peer second = server.nextPeer();
    JsonNode again = second.expect("auth");
    assertEquals("AT-new", again.path("token").asText());
    // the reply in three fragments, split inside a multi-byte character too
    second.sendFragmented("{\"op\":\"ok\",\"ref\":\"" + again.path("ref").asText() + "\",\"data\":"
        + AUTH_OK.replace("Zeta", "Zéta ✓") + "}", 3);

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("workspace w1 Acme Corp (owner)\nworkspace w0 Zéta ✓ (member)\n", cli.out.toString());
    assertEquals(new Session(server.url(), "u-alice", "alice", "AT-new", "RT-new"), saved());
    assertFalse((cli.out + cli.err.toString()).contains("AT-"));
  }

  @Test
  void closeCode4001AlsoTriggersTheRefresh() throws Exception {
    loggedIn("AT-old", "RT-old");
    server.http = call -> FakeServer.HttpReply.json(200,
        "{\"accessToken\":\"AT-new\",\"refreshToken\":\"RT-new\",\"expiresIn\":900,\"userId\":\"u-alice\"}");
    cli.start("channel", "list");

    FakeServer.Peer first = server.nextPeer();
    first.expect("auth");
    first.close(4001, "token expired");
    authed("AT-new");

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("channel c2 #dev private workspace=w1 unread=0\n"
        + "channel c1 #general public workspace=w1 unread=1\n", cli.out.toString());
  }

  @Test
  void aRefusedRefreshAsksToLogInAgain() throws Exception {
    loggedIn("AT-old", "RT-old");
    server.http = call -> FakeServer.HttpReply.json(401, "{\"code\":\"unauthorized\",\"message\":\"refresh token used\"}");
    cli.start("send", "ping");

    FakeServer.Peer first = server.nextPeer();
    JsonNode auth = first.expect("auth");
    first.error(auth, "unauthorized", "token expired");

    assertEquals(1, cli.exitCode());
    assertEquals("error: unauthorized: the session of profile 'default' has expired; log in again\n", cli.err.toString());
    assertEquals("RT-old", saved().refreshToken());
  }

  // ---- one-shot requests

  @Test
  void sendPrintsTheOkDataAsJson() throws Exception {
    loggedIn("AT", "RT");
    cli.start("send", "message.edit", "{\"channelId\":\"c1\",\"seq\":4,\"text\":\"fixed\",\"ref\":\"mine\"}");

    FakeServer.Peer peer = authed("AT");
    JsonNode edit = peer.expect("message.edit");
    assertEquals("c1", edit.path("channelId").asText());
    assertEquals(4, edit.path("seq").asInt());
    assertEquals("fixed", edit.path("text").asText());
    assertFalse(edit.path("ref").asText().equals("mine"));
    peer.ok(edit, "{\"seq\":9}");

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("{\"seq\":9}\n", cli.out.toString());
    assertEquals(1000, peer.awaitClose());
  }

  @Test
  void sendReportsTheServersErrorWithExitCodeOne() throws Exception {
    loggedIn("AT", "RT");
    cli.start("send", "channel.join", "{\"channelId\":\"c9\"}");

    FakeServer.Peer peer = authed("AT");
    peer.error(peer.expect("channel.join"), "not_found", "no such channel");

    assertEquals(1, cli.exitCode());
    assertEquals("", cli.out.toString());
    assertEquals("error: not_found: no such channel\n", cli.err.toString());
  }

  @Test
  void aRequestWithoutReplyTimesOut() throws Exception {
    loggedIn("AT", "RT");
    cli.start("--timeout", "300ms", "send", "ping");

    FakeServer.Peer peer = authed("AT");
    peer.expect("ping"); // and never answer

    assertEquals(1, cli.exitCode());
    assertEquals("error: unavailable: no reply to 'ping' within 300ms\n", cli.err.toString());
  }

  @Test
  void channelCreateSendsItsFieldsAndPrintsTheChannel() throws Exception {
    loggedIn("AT", "RT");
    cli.start("channel", "create", "w1", "random", "--private", "--topic", "anything goes");

    FakeServer.Peer peer = authed("AT");
    JsonNode create = peer.expect("channel.create");
    assertEquals("w1", create.path("workspaceId").asText());
    assertEquals("random", create.path("name").asText());
    assertTrue(create.path("private").asBoolean());
    assertEquals("anything goes", create.path("topic").asText());
    peer.ok(create, "{\"channel\":{\"id\":\"c7\",\"workspaceId\":\"w1\",\"name\":\"random\",\"kind\":\"private\"}}");

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("channel c7 #random\n", cli.out.toString());
  }

  @Test
  void workspaceCreateInviteAndJoinPrintTheirResults() throws Exception {
    loggedIn("AT", "RT");
    cli.start("workspace", "create", "Night", "Owls");
    FakeServer.Peer peer = authed("AT");
    JsonNode create = peer.expect("workspace.create");
    assertEquals("Night Owls", create.path("name").asText());
    peer.ok(create, "{\"workspace\":{\"id\":\"w5\",\"name\":\"Night Owls\",\"role\":\"owner\"}}");
    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("workspace w5 Night Owls\n", cli.out.toString());

    CliRunner invite = new CliRunner(home, server.url());
    invite.start("workspace", "invite", "w5");
    peer = authed("AT");
    peer.ok(peer.expect("workspace.invite"), "{\"code\":\"JOIN-ME\"}");
    assertEquals(0, invite.exitCode(), invite.err.toString());
    assertEquals("JOIN-ME\n", invite.out.toString());
    invite.close();
  }

  @Test
  void adminCommandsSendTheAdminOpsAndPrintTheirAnswers() throws Exception {
    loggedIn("AT", "RT");
    cli.start("admin", "deactivate", "Bob");
    FakeServer.Peer peer = authed("AT");
    JsonNode deactivate = peer.expect("admin.deactivate");
    assertEquals("bob", deactivate.path("username").asText());
    peer.ok(deactivate, "{}");
    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("deactivated bob\n", cli.out.toString());

    CliRunner reset = new CliRunner(home, server.url());
    reset.start("admin", "reset-password", "bob");
    peer = authed("AT");
    peer.ok(peer.expect("admin.reset"), "{\"username\":\"bob\",\"resetToken\":\"T0KEN\",\"expiresAt\":" + TS + "}");
    assertEquals(0, reset.exitCode(), reset.err.toString());
    assertEquals("reset bob T0KEN " + Instant.ofEpochMilli(TS) + "\n", reset.out.toString());
    reset.close();

    CliRunner refused = new CliRunner(home, server.url());
    refused.start("admin", "audit", "--limit", "2");
    peer = authed("AT");
    JsonNode audit = peer.expect("admin.audit");
    assertEquals(2, audit.path("limit").asInt());
    peer.error(audit, "forbidden", "only deployment administrators may do this");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err.toString().contains("forbidden"), refused.err.toString());
    refused.close();
  }

  @Test
  void erasureCommandsSendAdminDeleteAndWorkspaceRetention() throws Exception {
    loggedIn("AT", "RT");
    cli.start("admin", "delete", "Bob");
    FakeServer.Peer peer = authed("AT");
    JsonNode delete = peer.expect("admin.delete");
    assertEquals("bob", delete.path("username").asText());
    peer.ok(delete, "{}");
    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("deleted bob\n", cli.out.toString());

    CliRunner retention = new CliRunner(home, server.url());
    retention.start("workspace", "retention", "w1", "90");
    peer = authed("AT");
    JsonNode set = peer.expect("workspace.retention");
    assertEquals("w1", set.path("workspaceId").asText());
    assertEquals(90, set.path("days").asInt());
    peer.ok(set, "{}");
    assertEquals(0, retention.exitCode(), retention.err.toString());
    assertEquals("retention w1 90\n", retention.out.toString());
    retention.close();
  }

  @Test
  void adminAccountsAndRegistrationSendTheirOpsAndPrintTheAnswers() throws Exception {
    loggedIn("AT", "RT");
    cli.start("admin", "accounts", "--query", "bo", "--limit", "1");
    FakeServer.Peer peer = authed("AT");
    JsonNode accounts = peer.expect("admin.accounts");
    assertEquals("bo", accounts.path("query").asText());
    assertEquals(1, accounts.path("limit").asInt());
    peer.ok(
        accounts,
        "{\"accounts\":[{\"id\":\"u1\",\"username\":\"bob\",\"displayName\":\"Bob B.\",\"admin\":false,"
            + "\"deactivated\":true,\"createdAt\":" + TS + "}],\"next\":\"bob\"}");
    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("bob u1 deactivated " + Instant.ofEpochMilli(TS) + " Bob B.\n... more: --after bob\n", cli.out.toString());

    CliRunner set = new CliRunner(home, server.url());
    set.start("admin", "registration", "Closed");
    peer = authed("AT");
    JsonNode mode = peer.expect("admin.registration.set");
    assertEquals("closed", mode.path("mode").asText());
    peer.ok(mode, "{\"mode\":\"closed\",\"source\":\"stored\"}");
    assertEquals(0, set.exitCode(), set.err.toString());
    assertEquals("registration closed (stored)\n", set.out.toString());
    set.close();

    CliRunner show = new CliRunner(home, server.url());
    show.start("admin", "registration");
    peer = authed("AT");
    peer.ok(peer.expect("admin.registration"), "{\"mode\":\"invite\",\"source\":\"environment\"}");
    assertEquals(0, show.exitCode(), show.err.toString());
    assertEquals("registration invite (environment)\n", show.out.toString());
    show.close();
  }

  @Test
  void workspaceAdministrationCommandsSendTheirOps() throws Exception {
    loggedIn("AT", "RT");
    cli.start("workspace", "invite", "w1", "--expires-in", "7d", "--max-uses", "3");
    FakeServer.Peer peer = authed("AT");
    JsonNode invite = peer.expect("workspace.invite");
    assertEquals(7 * 24 * 3600, invite.path("expiresIn").asLong());
    assertEquals(3, invite.path("maxUses").asInt());
    peer.ok(invite, "{\"code\":\"w1-abc\"}");
    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("w1-abc\n", cli.out.toString());

    CliRunner list = new CliRunner(home, server.url());
    list.start("workspace", "invites", "w1");
    peer = authed("AT");
    peer.ok(peer.expect("workspace.invites"), "{\"invites\":[{\"code\":\"w1-abc\",\"maxUses\":3,\"uses\":1,\"expiresAt\":" + TS + "}]}");
    assertEquals(0, list.exitCode(), list.err.toString());
    assertEquals("invite w1-abc uses=1/3 expires=" + Instant.ofEpochMilli(TS) + "\n", list.out.toString());
    list.close();

    CliRunner remove = new CliRunner(home, server.url());
    remove.start("workspace", "remove", "w1", "Bob");
    peer = authed("AT");
    peer.ok(peer.expect("workspace.members"), MEMBERS);
    JsonNode removal = peer.expect("workspace.remove");
    assertEquals("u-bob", removal.path("userId").asText());
    peer.ok(removal, "{}");
    assertEquals(0, remove.exitCode(), remove.err.toString());
    remove.close();

    CliRunner archive = new CliRunner(home, server.url());
    archive.start("channel", "archive", "c1");
    peer = authed("AT");
    JsonNode archived = peer.expect("channel.archive");
    assertEquals("c1", archived.path("channelId").asText());
    peer.error(archived, "forbidden", "only workspace owners and admins archive channels");
    assertEquals(1, archive.exitCode());
    assertTrue(archive.err.toString().contains("forbidden"), archive.err.toString());
    archive.close();
  }

  @Test
  void workspaceExportWritesJsonLinesWithEditsAppliedAndDeletionsRedacted() throws Exception {
    loggedIn("AT", "RT");
    Path file = home.resolve("acme.jsonl");
    cli.start("workspace", "export", "w1", "--out", file.toString());
    FakeServer.Peer peer = authed("AT");
    peer.ok(peer.expect("workspace.channels"), "{\"channels\":[{\"id\":\"c1\",\"workspaceId\":\"w1\",\"name\":\"general\","
        + "\"kind\":\"public\"},{\"id\":\"c3\",\"workspaceId\":\"w1\",\"name\":\"secret\",\"kind\":\"private\"}]}");
    JsonNode first = peer.expect("history");
    assertEquals(0, first.path("after").asLong());
    peer.ok(first, "{\"events\":[" + entry("message.posted", posted(1, "u-bob", "helo", "b-1")) + ","
        + entry("message.posted", "{\"channelId\":\"c1\",\"seq\":2,\"author\":\"u-bob\",\"ts\":" + TS + ",\"deleted\":true}")
        + "],\"hasMore\":true}");
    JsonNode second = peer.expect("history");
    assertEquals(2, second.path("after").asLong());
    peer.ok(second, "{\"events\":[" + entry("message.edited", "{\"channelId\":\"c1\",\"seq\":3,\"target\":1,\"text\":\"hello\",\"ts\":7}")
        + "," + entry("message.deleted", "{\"channelId\":\"c1\",\"seq\":4,\"target\":2}") + "],\"hasMore\":false}");
    peer.error(peer.expect("history"), "forbidden", "not a member");
    peer.ok(peer.expect("workspace.members"), MEMBERS);
    assertEquals(0, cli.exitCode(), cli.err.toString());

    assertEquals(
        "{\"type\":\"workspace\",\"workspace\":{\"id\":\"w1\",\"name\":\"Acme Corp\",\"role\":\"owner\"}}\n"
            + "{\"type\":\"channel\",\"channel\":{\"id\":\"c1\",\"workspaceId\":\"w1\",\"name\":\"general\",\"kind\":\"public\"}}\n"
            + "{\"type\":\"message\",\"message\":{\"channelId\":\"c1\",\"seq\":1,\"author\":\"u-bob\",\"text\":\"hello\",\"ts\":" + TS
            + ",\"clientMsgId\":\"b-1\",\"editedTs\":7}}\n"
            + "{\"type\":\"message\",\"message\":{\"channelId\":\"c1\",\"seq\":2,\"author\":\"u-bob\",\"ts\":" + TS + ",\"deleted\":true}}\n"
            + "{\"type\":\"member\",\"member\":{\"userId\":\"u-alice\",\"username\":\"alice\",\"role\":\"owner\",\"presence\":\"online\"}}\n"
            + "{\"type\":\"member\",\"member\":{\"userId\":\"u-bob\",\"username\":\"bob\",\"role\":\"member\",\"presence\":\"away\"}}\n",
        Files.readString(file));
    assertEquals("", cli.out.toString());
    assertTrue(cli.err.toString().contains("exported 2 messages to " + file), cli.err.toString());
  }

  // ---- chat

  @Test
  void chatShowsHistoryThenLiveEventsAndPostsTypedLines() throws Exception {
    loggedIn("AT", "RT");
    cli.interactiveStdin().start("chat", "#general");

    FakeServer.Peer peer = authed("AT");
    JsonNode history = peer.expect("history");
    assertEquals("c1", history.path("channelId").asText());
    assertEquals(20, history.path("limit").asInt());
    assertTrue(history.path("after").isMissingNode() && history.path("before").isMissingNode());
    peer.ok(history, "{\"events\":[" + entry("member.joined", "{\"channelId\":\"c1\",\"seq\":1,\"userId\":\"u-bob\"}")
        + "," + entry("message.posted", posted(2, "u-bob", "hi\\nthere", "b-1")) + "],\"hasMore\":false}");
    JsonNode members = peer.expect("workspace.members");
    assertEquals("w1", members.path("workspaceId").asText());
    peer.ok(members, MEMBERS);
    cli.awaitOut(o -> o.contains("there"), "the history");

    peer.event("message.posted", posted(3, "u-ghost", "boo", "g-1"));
    JsonNode refetch = peer.expect("workspace.members"); // an unknown author: ask once more
    peer.ok(refetch, MEMBERS);
    peer.event("typing", "{\"channelId\":\"c1\",\"userId\":\"u-bob\"}");
    peer.event("message.posted", posted(1, "u-bob", "other channel", "o-1").replace("\"c1\"", "\"c9\""));
    cli.type("hello world");
    cli.type("   ");
    JsonNode post = peer.expect("message.post");
    assertEquals("c1", post.path("channelId").asText());
    assertEquals("hello world", post.path("text").asText());
    String clientMsgId = post.path("clientMsgId").asText();
    assertEquals(36, clientMsgId.length());
    peer.ok(post, "{\"seq\":4,\"ts\":" + TS + "}");
    peer.event("message.posted", posted(4, "u-alice", "hello world", clientMsgId));
    peer.event("member.left", "{\"channelId\":\"c1\",\"seq\":5,\"userId\":\"u-bob\"}");
    cli.awaitOut(o -> o.contains("* bob left"), "the live events");
    cli.endInput();

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("* bob joined\n"
        + "[" + HHMM + "] bob: hi\n  there\n"
        + "[" + HHMM + "] u-ghost: boo\n"
        + "[" + HHMM + "] alice: hello world\n"
        + "* bob left\n", cli.out.toString());
    assertEquals("", cli.err.toString());
    assertEquals(1000, peer.awaitClose());
  }

  @Test
  void aPostInterruptedByALostConnectionIsResentWithTheSameClientMsgIdAndShownOnce() throws Exception {
    loggedIn("AT", "RT");
    cli.interactiveStdin().start("chat", "c1", "--history", "0");

    FakeServer.Peer first = authed("AT");
    cli.type("are you there?");
    JsonNode post = first.expect("message.post");
    first.drop(); // the node dies after writing the post, before the ok

    FakeServer.Peer second = server.nextPeer();
    JsonNode auth = second.expect("auth");
    assertEquals("{\"c1\":2}", auth.path("resume").toString());
    second.ok(auth, AUTH_OK);
    JsonNode resent = second.expect("message.post");
    assertEquals(post.path("clientMsgId").asText(), resent.path("clientMsgId").asText());
    assertEquals("are you there?", resent.path("text").asText());
    // the resume replays the post written before the crash, then the duplicate is acknowledged
    second.event("message.posted", posted(3, "u-alice", "are you there?", post.path("clientMsgId").asText()));
    second.ok(resent, "{\"seq\":3,\"ts\":" + TS + ",\"duplicate\":true}");
    second.ok(second.expect("workspace.members"), MEMBERS);
    second.event("message.posted", posted(3, "u-alice", "are you there?", post.path("clientMsgId").asText()));
    second.event("message.posted", posted(4, "u-bob", "yes", "b-2"));
    cli.awaitOut(o -> o.contains("bob: yes"), "bob's answer");
    cli.endInput();

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("[" + HHMM + "] alice: are you there?\n[" + HHMM + "] bob: yes\n", cli.out.toString());
    assertTrue(cli.err.toString().contains("reconnecting"), cli.err.toString());
  }

  @Test
  void aJumpInSeqIsFilledFromHistoryInOrder() throws Exception {
    loggedIn("AT", "RT");
    cli.interactiveStdin().start("chat", "general", "--history", "1");

    FakeServer.Peer peer = authed("AT");
    JsonNode history = peer.expect("history");
    assertEquals(1, history.path("limit").asInt());
    peer.ok(history, "{\"events\":[" + entry("message.posted", posted(5, "u-bob", "five", "x5")) + "],\"hasMore\":true}");
    peer.ok(peer.expect("workspace.members"), MEMBERS);
    cli.awaitOut(o -> o.contains("five"), "seq 5");

    peer.event("message.posted", posted(8, "u-bob", "eight", "x8"));
    JsonNode fill = peer.expect("history");
    assertEquals(5, fill.path("after").asLong());
    peer.ok(fill, "{\"events\":[" + entry("message.posted", posted(6, "u-bob", "six", "x6")) + ","
        + entry("reaction.added", "{\"channelId\":\"c1\",\"seq\":7,\"target\":6,\"emoji\":\"+1\",\"userId\":\"u-bob\"}")
        + "," + entry("message.posted", posted(8, "u-bob", "eight", "x8")) + "],\"hasMore\":false}");
    peer.event("message.posted", posted(9, "u-bob", "nine", "x9"));
    cli.awaitOut(o -> o.contains("nine"), "seq 9");
    cli.endInput();

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("[" + HHMM + "] bob: five\n[" + HHMM + "] bob: six\n[" + HHMM + "] bob: eight\n[" + HHMM + "] bob: nine\n",
        cli.out.toString());
  }

  @Test
  void ownPostsWhoseEventsFollowTheirOkAreShownWithoutAskingHistory() throws Exception {
    loggedIn("AT", "RT");
    cli.stdin("one\ntwo\n").start("chat", "general", "--history", "0");

    FakeServer.Peer peer = authed("AT");
    JsonNode one = peer.expect("message.post");
    JsonNode two = peer.expect("message.post");
    assertEquals("two", two.path("text").asText());
    peer.ok(one, "{\"seq\":3,\"ts\":" + TS + "}");
    peer.event("message.posted", posted(3, "u-alice", "one", one.path("clientMsgId").asText()));
    peer.ok(two, "{\"seq\":4,\"ts\":" + TS + "}");
    peer.event("message.posted", posted(4, "u-alice", "two", two.path("clientMsgId").asText()));
    peer.ok(peer.expect("workspace.members"), MEMBERS);

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("[" + HHMM + "] alice: one\n[" + HHMM + "] alice: two\n", cli.out.toString());
    assertEquals(1000, peer.awaitClose());
    assertTrue(peer.nothingElseReceived(), "no history request");
  }

  @Test
  void atTheEndOfInputOwnAcknowledgedPostsAreShownBeforeExiting() throws Exception {
    loggedIn("AT", "RT");
    cli.stdin("last words\n").start("chat", "general", "--history", "0");

    FakeServer.Peer peer = authed("AT");
    JsonNode post = peer.expect("message.post");
    peer.ok(post, "{\"seq\":3,\"ts\":" + TS + "}"); // but no event (yet)
    JsonNode fill = peer.expect("history");
    assertEquals(2, fill.path("after").asLong());
    peer.ok(fill, "{\"events\":[" + entry("message.posted", posted(3, "u-alice", "last words", post.path("clientMsgId").asText()))
        + "],\"hasMore\":false}");
    peer.ok(peer.expect("workspace.members"), MEMBERS);

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("[" + HHMM + "] alice: last words\n", cli.out.toString());
  }

  @Test
  void onceRetriesAnUnavailablePostWithTheSameClientMsgIdAndPrintsItsSeq() throws Exception {
    loggedIn("AT", "RT");
    cli.start("chat", "general", "--once", "ship it");

    FakeServer.Peer peer = authed("AT");
    JsonNode post = peer.expect("message.post");
    assertEquals("ship it", post.path("text").asText());
    peer.error(post, "unavailable", "journal down");
    JsonNode retry = peer.expect("message.post");
    assertEquals(post.path("clientMsgId").asText(), retry.path("clientMsgId").asText());
    peer.ok(retry, "{\"seq\":7,\"ts\":" + TS + "}");

    assertEquals(0, cli.exitCode(), cli.err.toString());
    assertEquals("posted c1 7\n", cli.out.toString());
  }

  @Test
  void onceWithARejectedPostExitsOne() throws Exception {
    loggedIn("AT", "RT");
    cli.start("chat", "general", "--once", "x".repeat(10));

    FakeServer.Peer peer = authed("AT");
    peer.error(peer.expect("message.post"), "forbidden", "read-only channel");

    assertEquals(1, cli.exitCode());
    assertEquals("", cli.out.toString());
    assertEquals("error: forbidden: read-only channel\n", cli.err.toString());
  }

  @Test
  void chatInAChannelTheUserIsNotInFails() throws Exception {
    loggedIn("AT", "RT");
    cli.start("chat", "#random");

    authed("AT");

    assertEquals(1, cli.exitCode());
    assertTrue(cli.err.toString().startsWith("error: not_found: you are not in a channel '#random'"), cli.err.toString());
  }

  @Test
  void anExplicitServerOtherThanTheProfilesIsRefused() throws Exception {
    loggedIn("AT", "RT");

    int code = cli.run("--server", "http://127.0.0.1:9", "workspace", "list");

    assertEquals(1, code);
    assertEquals("error: bad_request: profile 'default' is logged in to " + server.url()
        + ", not http://127.0.0.1:9; log in there or use another --profile\n", cli.err.toString());
  }
}
