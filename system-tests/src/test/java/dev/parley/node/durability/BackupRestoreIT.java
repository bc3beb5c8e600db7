package dev.parley.node.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WritersRoom;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The backup procedures of docs/operations.md, run against the real node jar while it takes posts:
 * {@code pg_dump -Fc} restored with {@code pg_restore} into a fresh database, and the embedded H2's
 * {@code POST /v1/admin/backup} unzipped into a fresh data directory. A node on the copy must hold
 * every post acknowledged before the backup started at its seq; posts acknowledged while it ran may
 * be there or not, but never twice or elsewhere.
 */
class BackupRestoreIT {
  private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static final int WRITERS = 3;
  private static final int ACKS_BEFORE_BACKUP = 150;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();


  @Test
  void pgDumpOfALiveNodeRestoresEveryAcknowledgedPost() throws Exception {
    DatabaseSettings live = PostgresTestServer.freshDatabase();
    int managementPort = TestNode.freePort();
    WritersRoom setup;
    List<Traffic.Ack> beforeDump;
    List<Traffic.Ack> all;
    Path dump = Files.createTempDirectory("parley-pgdump-").resolve("parley.dump");
    try (NodeProcess node = NodeProcess.start(env(postgres(live), managementPort), TestNode.freePort())) {
      setup = WritersRoom.create(node, "Backed up", WRITERS);
      HttpResponse<String> refused = backup(managementPort);
      assertEquals(409, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("pg_dump"), refused.body());
      try (Traffic traffic = new Traffic(setup.writers(), List.of(setup.channelId()), attempt -> node.wsUrl()).start()) {
        traffic.awaitMoreAcks(ACKS_BEFORE_BACKUP, 30);
        beforeDump = traffic.acks();
        run(live, PG_BIN.resolve("pg_dump").toString(), "-Fc", "-f", dump.toString(), "--dbname=" + libpqUrl(live));
        traffic.awaitMoreAcks(1, 30);
        traffic.close();
        all = traffic.acks();
      }
    }
    DatabaseSettings restored = PostgresTestServer.freshDatabase();
    run(
        restored,
        PG_BIN.resolve("pg_restore").toString(),
        "--no-owner",
        "--exit-on-error",
        "--dbname=" + libpqUrl(restored),
        dump.toString());
    try (NodeProcess node = NodeProcess.start(env(postgres(restored), TestNode.freePort()), TestNode.freePort())) {
      verify("pg_dump", node, setup, beforeDump, all);
    }
  }

  @Test
  void h2OnlineBackupOfALiveNodeRestoresEveryAcknowledgedPost() throws Exception {
    Path dataDir = Files.createTempDirectory("parley-h2-live-");
    int managementPort = TestNode.freePort();
    WritersRoom setup;
    List<Traffic.Ack> beforeBackup;
    List<Traffic.Ack> all;
    Path restoredDir = Files.createTempDirectory("parley-h2-restored-");
    try (NodeProcess node = NodeProcess.start(env(Map.of("PARLEY_DATA_DIR", dataDir.toString()), managementPort), TestNode.freePort())) {
      setup = WritersRoom.create(node, "Backed up", WRITERS);
      try (Traffic traffic = new Traffic(setup.writers(), List.of(setup.channelId()), attempt -> node.wsUrl()).start()) {
        traffic.awaitMoreAcks(ACKS_BEFORE_BACKUP, 30);
        beforeBackup = traffic.acks();
        HttpResponse<String> answer = backup(managementPort);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode taken = JSON.readTree(answer.body());
        Path file = dataDir.resolve("backups").resolve(taken.path("file").asText());
        assertEquals(Files.size(file), taken.path("bytes").asLong(), answer.body());
        run(null, "unzip", "-q", file.toString(), "-d", restoredDir.toString());
        traffic.awaitMoreAcks(1, 30);
        traffic.close();
        all = traffic.acks();
      }
      try (NodeProcess copy =
          NodeProcess.start(env(Map.of("PARLEY_DATA_DIR", restoredDir.toString()), TestNode.freePort()), TestNode.freePort())) {
        verify("h2 backup", copy, setup, beforeBackup, all);
      }
    }
  }

  private static Map<String, String> env(Map<String, String> database, int managementPort) {
    Map<String, String> env = new HashMap<>(database);
    env.put("PARLEY_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("PARLEY_ADMIN_TOKEN", LocalCluster.ADMIN_TOKEN);
    return env;
  }

  private static Map<String, String> postgres(DatabaseSettings db) {
    return Map.of("PARLEY_DB_URL", db.url(), "PARLEY_DB_USER", db.user(), "PARLEY_DB_PASSWORD", db.password());
  }

  /** The same database as a libpq URL; libpq reads {@code ?user=} as JDBC does. */
  private static String libpqUrl(DatabaseSettings db) {
    return "postgresql:" + db.url().substring("jdbc:postgresql:".length());
  }


  /**
   * Every post acknowledged before the backup is at its seq; over all acknowledged posts, the ones
   * the copy holds are at their seq, none twice, and its log has no gaps.
   */
  private static void verify(String how, NodeProcess node, WritersRoom setup, List<Traffic.Ack> before, List<Traffic.Ack> all) {
    try (WsClient reader = WsClient.authenticated(node.wsUrl(), setup.writers().get(0).accessToken())) {
      PostChecker.Result required = PostChecker.check(reader, List.of(setup.channelId()), before);
      PostChecker.Result any = PostChecker.check(reader, List.of(setup.channelId()), all);
      String summary = how + ": acked before the backup " + required + "; all acked " + any;
      System.out.println(summary);
      assertTrue(required.clean(), summary);
      assertTrue(required.acked() >= ACKS_BEFORE_BACKUP, summary);
      assertEquals(0, any.moved(), summary);
      assertEquals(0, any.duplicated(), summary);
      assertEquals(List.of(), any.problems(), summary);
    }
  }

  private static HttpResponse<String> backup(int managementPort) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/v1/admin/backup"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + LocalCluster.ADMIN_TOKEN)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Runs a command to its end; {@code db}'s password, if any, goes by environment, never on the command line. */
  private static void run(DatabaseSettings db, String... command) throws Exception {
    Path output = Files.createTempFile("parley-backup-command-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    if (db != null && !db.password().isEmpty()) {
      builder.environment().put("PGPASSWORD", db.password());
    }
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command[0] + " timed out: " + Files.readString(output));
    }
    assertEquals(0, process.exitValue(), command[0] + ": " + Files.readString(output));
  }
}
