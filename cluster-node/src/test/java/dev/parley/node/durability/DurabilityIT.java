package dev.parley.node.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The real node jar, posted to from several connections, killed with {@code kill -9} mid-stream,
 * started again on the same database: every acknowledged post must be in history exactly once,
 * at the seq it was acknowledged with, and the log must be gap-free.
 */
class DurabilityIT {
  private static final int WRITERS = 4;
  private static final int ACKS_BEFORE_KILL = 400;

  @Test
  void everyAcknowledgedPostSurvivesKill9OnH2() throws Exception {
    Path dataDir = Files.createTempDirectory("parley-durability-");
    run("h2", Map.of("PARLEY_DATA_DIR", dataDir.toString()));
  }

  @Test
  void everyAcknowledgedPostSurvivesKill9OnPostgres() throws Exception {
    DatabaseSettings db = PostgresTestServer.freshDatabase();
    run(
        "postgres",
        Map.of("PARLEY_DB_URL", db.url(), "PARLEY_DB_USER", db.user(), "PARLEY_DB_PASSWORD", db.password()));
  }

  /** A post the server acknowledged: its client id, text and seq. */
  private record Ack(String clientMsgId, String text, long seq) {}

  private void run(String database, Map<String, String> env) throws Exception {
    int port = TestNode.freePort();
    Map<String, Ack> acked = new ConcurrentHashMap<>();
    String channelId;
    List<Accounts.User> writers = new ArrayList<>();
    try (NodeProcess node = NodeProcess.start(env, port)) {
      Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
      try (WsClient admin = WsClient.authenticated(node.wsUrl(), owner.accessToken())) {
        String workspaceId = admin.ok("workspace.create", n -> n.put("name", "Durable")).path("workspace").path("id").asText();
        channelId =
            admin.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "log")).path("channel").path("id").asText();
        for (int i = 0; i < WRITERS; i++) {
          Accounts.User writer = Accounts.newUser(node.httpUrl(), "writer");
          String code = admin.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
          try (WsClient w = WsClient.authenticated(node.wsUrl(), writer.accessToken())) {
            w.ok("workspace.join", n -> n.put("code", code));
            w.ok("channel.join", n -> n.put("channelId", channelId));
          }
          writers.add(writer);
        }
      }
      AtomicInteger ackCount = new AtomicInteger();
      CountDownLatch enough = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Accounts.User writer = writers.get(w);
        String prefix = "w" + w + "-";
        Thread thread =
            new Thread(
                () -> {
                  try (WsClient client = WsClient.authenticated(node.wsUrl(), writer.accessToken())) {
                    for (int i = 0; ; i++) {
                      String id = prefix + i;
                      String text = "post " + id;
                      JsonNode reply =
                          client.request(
                              "message.post", n -> n.put("channelId", channelId).put("clientMsgId", id).put("text", text));
                      if ("ok".equals(reply.path("op").asText())) {
                        acked.put(id, new Ack(id, text, reply.path("data").path("seq").asLong()));
                        if (ackCount.incrementAndGet() >= ACKS_BEFORE_KILL) {
                          enough.countDown();
                        }
                      }
                    }
                  } catch (RuntimeException | AssertionError stopped) {
                    // the node was killed under this writer: the post in flight is "unknown"
                  }
                },
                "writer-" + w);
        thread.start();
        threads.add(thread);
      }
      assertTrue(enough.await(60, TimeUnit.SECONDS), "writers did not get " + ACKS_BEFORE_KILL + " acks");
      node.kill9();
      for (Thread thread : threads) {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
    }

    try (NodeProcess node = NodeProcess.start(env, port);
        WsClient reader = WsClient.authenticated(node.wsUrl(), writers.get(0).accessToken())) {
      List<JsonNode> events = new ArrayList<>();
      long after = 0;
      boolean more = true;
      while (more) {
        long from = after;
        JsonNode page = reader.ok("history", n -> n.put("channelId", channelId).put("after", from).put("limit", 200));
        page.path("events").forEach(events::add);
        more = page.path("hasMore").asBoolean();
        after = events.isEmpty() ? 0 : events.get(events.size() - 1).path("data").path("seq").asLong();
      }
      for (int i = 0; i < events.size(); i++) {
        assertEquals(i + 1, events.get(i).path("data").path("seq").asLong(), "history seqs must be gap-free from 1");
      }
      Map<String, List<JsonNode>> posts = new HashMap<>();
      for (JsonNode event : events) {
        if ("message.posted".equals(event.path("type").asText())) {
          posts.computeIfAbsent(event.path("data").path("clientMsgId").asText(), k -> new ArrayList<>()).add(event.path("data"));
        }
      }
      int found = 0;
      int lost = 0;
      int moved = 0;
      for (Ack ack : acked.values()) {
        List<JsonNode> copies = posts.get(ack.clientMsgId());
        if (copies == null) {
          lost++;
          continue;
        }
        found++;
        JsonNode copy = copies.get(0);
        if (copy.path("seq").asLong() != ack.seq() || !copy.path("text").asText().equals(ack.text())) {
          moved++;
        }
      }
      long duplicated = posts.values().stream().filter(copies -> copies.size() > 1).count();
      String summary =
          String.format(
              "durability %s: acked=%d found=%d lost=%d duplicated=%d moved=%d unacked-but-stored=%d history-events=%d",
              database, acked.size(), found, lost, duplicated, moved, posts.size() - found, events.size());
      System.out.println(summary);
      Files.writeString(Path.of("target", "durability-" + database + ".txt"), summary + System.lineSeparator());
      assertEquals(0, lost, summary);
      assertEquals(0, duplicated, summary);
      assertEquals(0, moved, summary);
      assertTrue(acked.size() >= ACKS_BEFORE_KILL, summary);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
