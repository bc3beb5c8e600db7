package dev.parley.node.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.DatabaseDump;
import dev.parley.node.testing.FileClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.testing.PostgresTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Erasure over the wire, on both databases: once a message is deleted, a dump of the database holds
 * its text in no form (as text, hex or base64), for the post and its edit, within 10 s; history
 * shows it deleted and search no longer finds it.
 */
class ErasureOverWireTest {
  /** The bound: the text is gone from the database this long after the delete is answered. */
  private static final Duration ERASED_WITHIN = Duration.ofSeconds(10);
  private static final Duration SEARCHABLE_WITHIN = Duration.ofSeconds(20);
  private static final Map<String, Object> FAST_SEARCH =
      Map.of(
          "parley.search.poll-interval", "100ms",
          "parley.search.queries-per-minute", 60_000,
          "parley.search.queries-burst", 1000,
          // History then comes from the journal, opened with keys read from the key table.
          "parley.channel.recent-events", 2);

  /** A node and how to dump its database. */
  private record Deployment(TestNode node, Supplier<String> dump) implements AutoCloseable {
    static Deployment start(Dialect dialect) {
      if (dialect == Dialect.H2) {
        TestNode node = TestNode.startH2(FAST_SEARCH);
        return new Deployment(node, () -> DatabaseDump.ofH2(node.dataDir()));
      }
      DatabaseSettings db = PostgresTestServer.freshDatabase();
      return new Deployment(TestNode.startOn(db, FAST_SEARCH), () -> DatabaseDump.ofPostgres(db));
    }

    @Override
    public void close() {
      node.close();
    }
  }

  private record Room(ApiClient owner, String ownerToken, String workspaceId, String channelId) {}

  private static Room room(TestNode node) {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "erin");
    ApiClient owner = ApiClient.as(node.httpUrl(), user.accessToken());
    String workspaceId = owner.ok("workspace.create", n -> n.put("name", "Erasure")).path("workspace").path("id").asText();
    String channelId =
        owner.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
    return new Room(owner, user.accessToken(), workspaceId, channelId);
  }

  private static long post(Room room, String text) {
    return room.owner()
        .ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", UUID.randomUUID().toString()).put("text", text))
        .path("seq")
        .asLong();
  }

  /** A word no other text contains, that search finds as one token. */
  static String marker() {
    return "erasure" + UUID.randomUUID().toString().replace("-", "");
  }

  /** The forms in which a text could sit in a dump: itself, and its UTF-8 bytes as hex or base64. */
  static List<String> forms(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>();
    forms.add(text);
    forms.add(HexFormat.of().formatHex(bytes));
    forms.add(HexFormat.of().withUpperCase().formatHex(bytes));
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    return forms;
  }

  static void awaitGoneFromDump(Supplier<String> dump, List<String> texts) {
    LocalCluster.awaitCondition(
        () -> {
          String all = dump.get();
          return texts.stream().flatMap(t -> forms(t).stream()).noneMatch(all::contains);
        },
        ERASED_WITHIN,
        "no form of " + texts + " in the database dump");
  }

  /**
   * The whole database file, read byte by byte once the node has closed it (H2 compacts its file on
   * close): no form of {@code erased}, while {@code kept}, a live message's text in the search
   * table, is there, so the scan sees what the file holds.
   */
  static void assertNotInFiles(Path dataDir, String erased, String kept) {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(all.indexOf(kept) >= 0, "the scan finds a live text");
    for (String form : forms(erased)) {
      assertTrue(all.indexOf(form) < 0, "found " + form + " in the database files");
    }
  }

  static int hits(ApiClient client, String workspaceId, String word) {
    return client.search(workspaceId, word).path("hits").size();
  }

  static JsonNode history(ApiClient client, String channelId) {
    return client.ok("history", n -> n.put("channelId", channelId).put("limit", 200)).path("events");
  }

  static JsonNode eventAt(JsonNode events, long seq) {
    for (JsonNode event : events) {
      if (event.path("data").path("seq").asLong() == seq) {
        return event;
      }
    }
    throw new AssertionError("no event at seq " + seq + " in " + events);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aDeletedMessageAndItsEditLeaveNoTraceInTheDatabase(Dialect dialect) {
    try (Deployment deployment = Deployment.start(dialect)) {
      Room room = room(deployment.node());
      String erased = marker();
      String kept = marker();
      String original = "the plan is " + erased;
      String edited = erased + " moved to thursday";
      long seq = post(room, original);
      long keptSeq = post(room, "and " + kept + " stays");
      room.owner().ok("message.edit", n -> n.put("channelId", room.channelId()).put("seq", seq).put("text", edited));
      LocalCluster.awaitCondition(
          () -> hits(room.owner(), room.workspaceId(), erased) == 1 && hits(room.owner(), room.workspaceId(), kept) == 1,
          SEARCHABLE_WITHIN,
          "both messages searchable");
      assertTrue(deployment.dump().get().contains(kept), "the dump shows a searchable text: it sees what the database holds");

      room.owner().ok("message.delete", n -> n.put("channelId", room.channelId()).put("seq", seq));

      awaitGoneFromDump(deployment.dump(), List.of(erased, original, edited));
      JsonNode events = history(room.owner(), room.channelId());
      JsonNode deletedPost = eventAt(events, seq).path("data");
      assertTrue(deletedPost.path("deleted").asBoolean(), deletedPost.toString());
      assertFalse(deletedPost.has("text"), deletedPost.toString());
      assertFalse(events.toString().contains(erased), events.toString());
      assertEquals("and " + kept + " stays", eventAt(events, keptSeq).path("data").path("text").asText());
      assertEquals(0, hits(room.owner(), room.workspaceId(), erased));
      if (dialect == Dialect.H2) {
        deployment.node().close();
        assertNotInFiles(deployment.node().dataDir(), erased, kept);
      }
    }
  }

  /** A new user in the room's workspace and channel. */
  private static Accounts.User member(TestNode node, Room room, String name) {
    Accounts.User user = Accounts.newUser(node.httpUrl(), name);
    ApiClient client = ApiClient.as(node.httpUrl(), user.accessToken());
    String code = room.owner().ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
    client.ok("workspace.join", n -> n.put("code", code));
    client.ok("channel.join", n -> n.put("channelId", room.channelId()));
    return user;
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void deletingAnAccountErasesEveryMessageItWroteAndKeepsItsName(Dialect dialect) {
    try (Deployment deployment = Deployment.start(dialect)) {
      Room room = room(deployment.node()); // its owner registered first: the deployment's administrator
      Accounts.User bob = member(deployment.node(), room, "bob");
      ApiClient asBob = ApiClient.as(deployment.node().httpUrl(), bob.accessToken());
      String bobs = marker();
      String kept = marker();
      long first =
          asBob.ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "b1").put("text", "from bob " + bobs))
              .path("seq")
              .asLong();
      long second =
          asBob.ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", "b2").put("text", bobs + " again"))
              .path("seq")
              .asLong();
      asBob.ok("message.edit", n -> n.put("channelId", room.channelId()).put("seq", first).put("text", bobs + " edited"));
      FileClient bobsFiles = FileClient.as(deployment.node().httpUrl(), bob.accessToken());
      String fileId = bobsFiles.uploaded(room.channelId(), "notes.txt", "text/plain", bobs.getBytes(StandardCharsets.UTF_8)).path("id").asText();
      asBob.ok(
          "message.post",
          n -> {
            n.put("channelId", room.channelId()).put("clientMsgId", "b3").put("text", "attached");
            n.putArray("files").add(fileId);
          });
      FileClient erinsFiles = FileClient.as(deployment.node().httpUrl(), room.ownerToken());
      assertEquals(200, erinsFiles.download(fileId).statusCode());
      long erins = post(room, "erin keeps " + kept);
      LocalCluster.awaitCondition(
          () -> hits(room.owner(), room.workspaceId(), bobs) == 2 && hits(room.owner(), room.workspaceId(), kept) == 1,
          SEARCHABLE_WITHIN,
          "the messages searchable");

      room.owner().ok("admin.delete", n -> n.put("username", bob.username()));

      awaitGoneFromDump(deployment.dump(), List.of(bobs, "from bob " + bobs, bobs + " again", bobs + " edited"));
      JsonNode events = history(room.owner(), room.channelId());
      for (long seq : List.of(first, second)) {
        JsonNode post = eventAt(events, seq).path("data");
        assertTrue(post.path("deleted").asBoolean(), post.toString());
        assertEquals(bob.userId(), post.path("author").asText(), "history keeps who wrote it");
      }
      assertFalse(events.toString().contains(bobs), events.toString());
      assertEquals("erin keeps " + kept, eventAt(events, erins).path("data").path("text").asText());
      assertEquals(0, hits(room.owner(), room.workspaceId(), bobs));
      assertEquals(401, asBob.call("ping", n -> {}).statusCode(), "the account is deactivated");
      assertEquals(404, erinsFiles.download(fileId).statusCode(), "the erased post's file is gone");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void workspaceOwnersSetTheRetentionAndItIsAudited(Dialect dialect) {
    try (Deployment deployment = Deployment.start(dialect)) {
      Room room = room(deployment.node());
      Accounts.User member = member(deployment.node(), room, "milo");

      room.owner().ok("workspace.retention", n -> n.put("workspaceId", room.workspaceId()).put("days", 30));

      assertEquals(
          403,
          ApiClient.as(deployment.node().httpUrl(), member.accessToken())
              .call("workspace.retention", n -> n.put("workspaceId", room.workspaceId()).put("days", 1))
              .statusCode());
      assertEquals(400, room.owner().call("workspace.retention", n -> n.put("workspaceId", room.workspaceId()).put("days", -1)).statusCode());
      JsonNode entry = room.owner().ok("admin.audit", n -> n.put("limit", 1)).path("entries").path(0);
      assertEquals("workspace.retention", entry.path("action").asText(), entry.toString());
      assertEquals(room.workspaceId(), entry.path("target").asText(), entry.toString());
      assertEquals("30 days", entry.path("detail").asText(), entry.toString());
    }
  }

  @Test
  void afterARestartMessagesReadEditAndSearchWithTheirKeys() {
    String word = marker();
    Path dataDir;
    int port = TestNode.freePort();
    Room room;
    long seq;
    try (TestNode node = TestNode.startH2At(tempDataDir(), port, FAST_SEARCH)) {
      dataDir = node.dataDir();
      room = room(node);
      seq = post(room, "before the restart " + word);
      for (int i = 0; i < 3; i++) {
        post(room, "filler " + i);
      }
    }
    try (TestNode node = TestNode.startH2At(dataDir, port, FAST_SEARCH)) {
      assertEquals("before the restart " + word, eventAt(history(room.owner(), room.channelId()), seq).path("data").path("text").asText());
      room.owner().ok("message.edit", n -> n.put("channelId", room.channelId()).put("seq", seq).put("text", word + " after it"));
      JsonNode events = history(room.owner(), room.channelId());
      assertEquals(word + " after it", events.get(events.size() - 1).path("data").path("text").asText(), events.toString());
      LocalCluster.awaitCondition(
          () -> room.owner().search(room.workspaceId(), word).path("hits").path(0).path("text").asText().equals(word + " after it"),
          SEARCHABLE_WITHIN,
          "the edit searchable");
    }
  }

  private static Path tempDataDir() {
    try {
      return Files.createTempDirectory("parley-erasure-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
