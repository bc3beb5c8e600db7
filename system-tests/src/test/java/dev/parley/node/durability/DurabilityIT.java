package dev.parley.node.durability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WritersRoom;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real node jar, posted to from several connections, killed with {@code kill -9} mid-stream,
 * started again on the same database, posted to and killed again: every acknowledged post of both
 * rounds must be in history exactly once, at the seq it was acknowledged with, and the log must be
 * gap-free. The second round runs on a database that has already recovered from one crash.
 */
class DurabilityIT {
  private static final int WRITERS = 4;
  private static final int ACKS_BEFORE_KILL = 400;
  private static final int KILLS = 2;

  @Test
  void everyAcknowledgedPostSurvivesKill9OnH2() throws Exception {
    Path dataDir = Files.createTempDirectory("parley-durability-");
    run("h2", Map.of("PARLEY_DATA_DIR", dataDir.toString()));
  }

  @Test
  void everyAcknowledgedPostSurvivesKill9OnPostgres() throws Exception {
    DatabaseSettings db = PostgresTestServer.freshDatabase();
    run("postgres", Map.of("PARLEY_DB_URL", db.url(), "PARLEY_DB_USER", db.user(), "PARLEY_DB_PASSWORD", db.password()));
  }

  private void run(String database, Map<String, String> env) throws Exception {
    int port = TestNode.freePort();
    WritersRoom room;
    try (NodeProcess node = NodeProcess.start(env, port)) {
      room = WritersRoom.create(node, "Durable", WRITERS);
    }
    List<Accounts.User> writers = room.writers();
    String channelId = room.channelId();
    List<Traffic.Ack> acks = new ArrayList<>();
    for (int kill = 1; kill <= KILLS; kill++) {
      try (NodeProcess node = NodeProcess.start(env, port)) {
        Traffic traffic = new Traffic(writers, List.of(channelId), attempt -> node.wsUrl(), Duration.ZERO, "k" + kill + "w").start();
        traffic.awaitMoreAcks(ACKS_BEFORE_KILL, 60);
        node.kill9();
        traffic.close();
        acks.addAll(traffic.acks());
      }
    }
    try (NodeProcess node = NodeProcess.start(env, port);
        WsClient reader = WsClient.authenticated(node.wsUrl(), writers.get(0).accessToken())) {
      PostChecker.Result result = PostChecker.check(reader, List.of(channelId), acks);
      String summary = "durability " + database + " (" + KILLS + " kills): " + result;
      System.out.println(summary);
      Files.writeString(Path.of("target", "durability-" + database + ".txt"), summary + System.lineSeparator());
      assertTrue(result.clean(), summary);
      assertTrue(result.acked() >= KILLS * ACKS_BEFORE_KILL, summary);
    }
  }
}
