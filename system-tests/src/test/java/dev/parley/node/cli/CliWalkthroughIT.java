package dev.parley.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.TestNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's walk-through, command by command, with the real CLI jar against a node: two users
 * set up a workspace and a channel and chat, one in a live {@code chat} session.
 */
class CliWalkthroughIT {
  private static final Path CLI_JAR = Path.of("..", "cli", "target", "parley-cli.jar").toAbsolutePath().normalize();
  private static final long TIMEOUT_SECONDS = 60;

  private Path home;
  private String server;

  private ProcessBuilder cli(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(CLI_JAR.toString());
    command.add("--server");
    command.add(server);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PARLEY_CLI_HOME", home.toString());
    return builder;
  }

  /** Runs a CLI command to the end; returns its standard output, failing on a non-zero exit. */
  private String run(String stdin, String... args) throws Exception {
    Process process = cli(args).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
      in.write(stdin);
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "cli " + List.of(args) + " did not finish");
    assertEquals(0, process.exitValue(), "cli " + List.of(args) + " failed: " + out);
    return out;
  }

  @Test
  void twoUsersChatThroughTheCli() throws Exception {
    assertTrue(Files.exists(CLI_JAR), CLI_JAR + " is missing: run `mvn verify`");
    home = Files.createTempDirectory("parley-cli-home");
    // The README's node runs with the default registration mode: by invitation.
    try (TestNode node = TestNode.startH2(Map.of("parley.auth.registration", "invite"))) {
      server = node.httpUrl();
      assertTrue(run("alice-password\n", "--profile", "alice", "register", "alice", "--password-stdin").startsWith("registered alice ("));
      assertEquals("logged in as alice", run("alice-password\n", "--profile", "alice", "login", "alice", "--password-stdin"));
      assertTrue(run("", "--profile", "alice", "admin", "whoami").matches("account \\S+ alice \\(admin\\)"));
      String workspace = run("", "--profile", "alice", "workspace", "create", "Acme");
      assertTrue(workspace.matches("workspace \\S+ Acme"), workspace);
      String workspaceId = workspace.split(" ")[1];
      String code = run("", "--profile", "alice", "workspace", "invite", workspaceId);
      String channel = run("", "--profile", "alice", "channel", "create", workspaceId, "general");
      assertTrue(channel.matches("channel \\S+ #general"), channel);
      String channelId = channel.split(" ")[1];

      run("bob-password\n", "--profile", "bob", "register", "bob", "--invite", code, "--password-stdin");
      run("bob-password\n", "--profile", "bob", "login", "bob", "--password-stdin");
      assertEquals(workspace + " (member)", run("", "--profile", "bob", "workspace", "list"));
      assertEquals(channel, run("", "--profile", "bob", "channel", "join", channelId));

      Process aliceChat = cli("--profile", "alice", "chat", "general").redirectError(ProcessBuilder.Redirect.INHERIT).start();
      LinkedBlockingQueue<String> aliceSees = lines(aliceChat);
      try (Writer aliceTypes = new OutputStreamWriter(aliceChat.getOutputStream(), StandardCharsets.UTF_8)) {
        awaitLine(aliceSees, "* bob joined");
        assertTrue(run("", "--profile", "bob", "chat", "general", "--once", "hi alice").startsWith("posted " + channelId + " "));
        awaitLine(aliceSees, "bob: hi alice");
        aliceTypes.write("hello bob\n");
        aliceTypes.flush();
        awaitLine(aliceSees, "alice: hello bob");
      }
      assertTrue(aliceChat.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "chat did not end at end of input");
      assertEquals(0, aliceChat.exitValue());

      String bobHistory = run("", "--profile", "bob", "chat", "general");
      assertTrue(bobHistory.contains("bob: hi alice") && bobHistory.contains("alice: hello bob"), bobHistory);
      assertTrue(bobHistory.indexOf("bob: hi alice") < bobHistory.indexOf("alice: hello bob"), bobHistory);
    }
  }

  @Test
  void aFileSentWithTheCliReachesAMembersChatAndDownload() throws Exception {
    assertTrue(Files.exists(CLI_JAR), CLI_JAR + " is missing: run `mvn verify`");
    home = Files.createTempDirectory("parley-cli-home");
    try (TestNode node = TestNode.startH2(Map.of())) {
      server = node.httpUrl();
      run("carol-password\n", "--profile", "carol", "register", "carol", "--password-stdin");
      run("carol-password\n", "--profile", "carol", "login", "carol", "--password-stdin");
      String workspaceId = run("", "--profile", "carol", "workspace", "create", "Docs").split(" ")[1];
      String channelId = run("", "--profile", "carol", "channel", "create", workspaceId, "reports").split(" ")[1];
      Path report = home.resolve("q3 report.pdf");
      byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.ISO_8859_1);
      Files.write(report, pdf);

      String posted =
          run("", "--profile", "carol", "send", "--file", report.toString(), "message.post",
              "{\"channelId\":\"" + channelId + "\",\"clientMsgId\":\"cli-file-1\",\"text\":\"the report\"}");
      assertTrue(posted.contains("\"seq\":"), posted);
      String history = run("", "--profile", "carol", "chat", "reports");
      assertTrue(history.contains("carol: the report [file: q3 report.pdf, " + pdf.length + " B, application/pdf]"), history);
      String reply = run("", "--profile", "carol", "send", "history", "{\"channelId\":\"" + channelId + "\"}");
      String fileId = reply.replaceAll("(?s).*\"files\":\\[\\{\"id\":\"([^\"]+)\".*", "$1");
      Process refused =
          cli("--profile", "carol", "send", "--file", report.toString(), "ping").redirectErrorStream(true).start();
      assertTrue(refused.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
      assertEquals(2, refused.exitValue(), "--file goes only with message.post");
      assertTrue(Files.exists(node.dataDir().resolve("files").resolve(fileId)), reply);
      assertArrayEquals(pdf, Files.readAllBytes(node.dataDir().resolve("files").resolve(fileId)), "the stored bytes are the file's");
    }
  }

  private static LinkedBlockingQueue<String> lines(Process process) {
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<output lost: " + e + ">");
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static void awaitLine(LinkedBlockingQueue<String> lines, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.contains(expected)) {
          return;
        }
      }
    }
    throw new AssertionError("no line with '" + expected + "'; saw " + seen);
  }
}
