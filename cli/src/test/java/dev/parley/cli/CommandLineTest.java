package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.BuildInfo;
import dev.parley.protocol.Views;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing, usage errors (exit 2), and the fixed output formats. */
class CommandLineTest {
  @TempDir Path home;

  int run(CliRunner cli, String... args) throws Exception {
    try (cli) {
      return cli.run(args);
    }
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    String[][] cases = {
      {},
      {"nonsense"},
      {"workspace"},
      {"workspace", "create"},
      {"channel", "create", "w1"},
      {"chat"},
      {"chat", "general", "--history", "many"},
      {"--timeout", "soon", "send", "ping"},
      {"--timeout", "0", "send", "ping"},
      {"send"},
      {"send", "ping", "[1,2]"},
      {"send", "ping", "{oops"},
      {"--profile", "../etc", "send", "ping"},
      {"--server", "ftp://example", "login", "bob", "--password-stdin"},
      {"register", "bob", "--unknown"},
    };
    for (String[] args : cases) {
      CliRunner cli = new CliRunner(home, null);
      assertEquals(2, run(cli, args), String.join(" ", args) + " -> " + cli.err);
      assertFalse(cli.err.toString().isBlank(), String.join(" ", args));
    }
  }

  @Test
  void versionPrintsTheBuild() throws Exception {
    CliRunner cli = new CliRunner(home, null);
    assertEquals(0, run(cli, "--version"));
    assertEquals(BuildInfo.CURRENT.line("parley") + "\n", cli.out.toString());
  }

  @Test
  void chatHistoryOutOfRangeIsAUsageError() throws Exception {
    CliRunner cli = new CliRunner(home, null);
    new SessionStore(home).save("default", new Session("http://127.0.0.1:9", "u", "a", "t", "r"));
    assertEquals(2, run(cli, "chat", "general", "--history", "201"));
  }

  @Test
  void withoutASessionCommandsSayToLogIn() throws Exception {
    CliRunner cli = new CliRunner(home, null);
    assertEquals(1, run(cli, "--profile", "work", "channel", "list"));
    assertEquals("error: unauthorized: profile 'work' is not logged in; run 'parley login <username>'\n", cli.err.toString());
  }

  @Test
  void globalOptionsAreAcceptedBeforeOrAfterTheSubcommand() {
    ParleyCli root = new ParleyCli(Map.of(), new ByteArrayInputStream(new byte[0]));
    CommandLine commandLine = new CommandLine(root);
    ParseResult parsed = commandLine.parseArgs("channel", "list", "--profile", "work", "--timeout", "2.5s", "--server", "http://h:1");
    assertTrue(parsed.subcommand().subcommand().commandSpec().name().equals("list"));
    assertEquals("work", root.profile);
    assertEquals(Duration.ofMillis(2500), root.timeout);
    assertEquals("http://h:1", root.server);

    ParleyCli other = new ParleyCli(Map.of(), new ByteArrayInputStream(new byte[0]));
    new CommandLine(other).parseArgs("--profile", "p2", "chat", "#general", "--once", "hi");
    assertEquals("p2", other.profile);
    assertEquals(Duration.ofSeconds(10), other.timeout);
    assertEquals(null, other.server);
  }

  @Test
  void durationsAcceptSecondsMillisAndMinutes() {
    DurationConverter c = new DurationConverter();
    assertEquals(Duration.ofSeconds(10), c.convert("10"));
    assertEquals(Duration.ofMillis(500), c.convert("500ms"));
    assertEquals(Duration.ofMillis(1500), c.convert("1.5s"));
    assertEquals(Duration.ofMinutes(2), c.convert("2m"));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("-1"));
    assertEquals("300ms", DurationConverter.format(Duration.ofMillis(300)));
    assertEquals("2.5s", DurationConverter.format(Duration.ofMillis(2500)));
    assertEquals("10s", DurationConverter.format(Duration.ofSeconds(10)));
  }

  @Test
  void serverUrlsGiveTheWebSocketUrl() {
    assertEquals("ws://127.0.0.1:8080/v1/ws", ServerAddress.parse("http://127.0.0.1:8080/").webSocket().toString());
    assertEquals("wss://chat.example/parley/v1/ws", ServerAddress.parse("https://chat.example/parley//").webSocket().toString());
    assertEquals("http://h:1/v1/auth/login", ServerAddress.parse("http://h:1").http("/v1/auth/login").toString());
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("127.0.0.1:8080"));
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("http://h:1/?x=1"));
  }

  @Test
  void passwordIsTheFirstStdinLineWithoutItsLineBreak() {
    assertEquals("p w", PasswordInput.firstLine(new ByteArrayInputStream("p w\r\nrest".getBytes(StandardCharsets.UTF_8))));
    assertEquals("pässword", PasswordInput.firstLine(new ByteArrayInputStream("pässword".getBytes(StandardCharsets.UTF_8))));
    assertEquals("bad_request", assertThrows(CliException.class,
        () -> PasswordInput.firstLine(new ByteArrayInputStream(new byte[0]))).code());
  }

  @Test
  void outputLinesHaveFixedShapes() {
    Views.Workspace w = new Views.Workspace("w1", "Acme Corp", "admin");
    Views.Channel c = new Views.Channel("c1", "w1", "general", "public", null, 10L, 7L, null, null);
    assertEquals("registered bob (u1)", Lines.registered("bob", "u1"));
    assertEquals("logged in as bob", Lines.loggedIn("bob"));
    assertEquals("workspace w1 Acme Corp", Lines.workspace(w));
    assertEquals("workspace w1 Acme Corp (admin)", Lines.workspaceWithRole(w));
    assertEquals("channel c1 #general", Lines.channel(c));
    assertEquals("channel c1 #general public workspace=w1 unread=3", Lines.channelWithUnread(c));
    assertEquals(0, Lines.unread(new Views.Channel("c2", "w1", "x", "public", null, null, null, null, null)));
    assertEquals("posted c1 12", Lines.posted("c1", 12, false));
    assertEquals("posted c1 12 duplicate", Lines.posted("c1", 12, true));
  }

  @Test
  void httpErrorsUseTheBodyOrElseTheStatus() {
    CliException withBody = AuthClient.httpError(409, "{\"code\":\"conflict\",\"message\":\"username taken\"}", null);
    assertEquals("error: conflict: username taken", withBody.line());
    assertEquals("error: unavailable: HTTP 503", AuthClient.httpError(503, "<html>", null).line());
    assertEquals("error: rate_limited: HTTP 429 (retry after 5 s)", AuthClient.httpError(429, "", "5").line());
  }
}
