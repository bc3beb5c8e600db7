package dev.parley.node.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.MessageKey;
import dev.parley.node.channel.MessageSeal;
import dev.parley.node.channel.SealedEvents;
import dev.parley.node.testing.ManualClock;
import dev.parley.node.testing.MigratedDatabase;
import dev.parley.persistence.Dialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The key table, account erasure and the retention sweep over a real database of
 * each dialect: what they delete (keys and search rows) and what they leave, and which channels
 * they tell to forget.
 */
class ErasureDatabaseTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long T0 = 1_770_000_000_000L;
  private static final long WAIT_SECONDS = 30;

  @TempDir Path tempDir;

  private final ExecutorService blocking = Executors.newFixedThreadPool(3);
  private final List<String> told = new ArrayList<>();
  private final List<String> removedFiles = new ArrayList<>();

  @AfterEach
  void stop() {
    blocking.shutdownNow();
  }

  private JdbcMessageKeys keys(HikariDataSource db) {
    return new JdbcMessageKeys(db, blocking, new KeyHandOff());
  }

  /** Writes keys as the journal does with their posts' events (KeyedJournalDaoTest). */
  private static void insert(HikariDataSource db, List<MessageKey> keys) throws SQLException {
    try (Connection connection = db.getConnection()) {
      KeyTable.insert(connection, keys);
    }
  }

  private MessageErasure erasure(JdbcMessageKeys keys) {
    return new MessageErasure(
        keys,
        (channelId, forget) -> {
          synchronized (told) {
            told.add(channelId + " " + forget);
          }
        },
        (channelId, seq, fileIds) -> {
          synchronized (removedFiles) {
            removedFiles.add(channelId + "#" + seq + " " + fileIds);
          }
          return CompletableFuture.completedFuture(fileIds.size());
        });
  }

  private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static MessageKey key(String channelId, long seq, String author, long ts) {
    return MessageSeal.newKey(channelId, seq, author, ts, List.of());
  }

  private static List<Long> seqs(List<MessageKey> keys) {
    return keys.stream().map(MessageKey::seq).sorted().toList();
  }

  private static void update(HikariDataSource db, String sql, Object... parameters) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  private static long count(HikariDataSource db, String sql, Object... parameters) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** A message as the search read side holds it, with its key. */
  private static void message(HikariDataSource db, JdbcMessageKeys keys, String workspaceId, String channelId, long seq, String author, long ts)
      throws Exception {
    message(db, keys, workspaceId, channelId, seq, author, ts, List.of());
  }

  private static void message(
      HikariDataSource db, JdbcMessageKeys keys, String workspaceId, String channelId, long seq, String author, long ts, List<String> files)
      throws Exception {
    insert(db, List.of(MessageSeal.newKey(channelId, seq, author, ts, files)));
    update(
        db,
        "INSERT INTO parley_search_message (channel_id, seq, workspace_id, author_id, text, ts) VALUES (?, ?, ?, ?, ?, ?)",
        channelId, seq, workspaceId, author, "text " + seq, ts);
  }

  private static void channel(HikariDataSource db, String workspaceId, String channelId) throws SQLException {
    update(db, "INSERT INTO parley_search_channel (channel_id, workspace_id) VALUES (?, ?)", channelId, workspaceId);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aRetrysKeyIsStoredBesideTheOtherOfItsSeqAndTheDeletionTakesBoth(Dialect dialect) throws Exception {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      JdbcMessageKeys keys = keys(db);
      insert(db, IntStream.rangeClosed(1, 3).mapToObj(seq -> key("c-0", seq, "u-ann", T0)).toList());

      MessageKey retried = key("c-0", 2, "u-ann", T0 + 5);
      insert(db, List.of(retried));

      List<MessageKey> loaded = await(keys.load("c-0", List.of(1L, 2L, 99L)));
      assertEquals(List.of(1L, 2L, 2L), seqs(loaded));
      assertArrayEquals(retried.secret(), SealedEvents.byRef(loaded).get(retried.ref()).secret());
      await(keys.delete("c-0", 2));
      assertEquals(List.of(1L), seqs(await(keys.load("c-0", List.of(1L, 2L)))));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void erasingAnAuthorDeletesTheirKeysAndSearchRowsOnlyAndTellsTheirChannels(Dialect dialect) throws Exception {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      JdbcMessageKeys keys = keys(db);
      channel(db, "w-1", "c-a");
      channel(db, "w-1", "c-b");
      message(db, keys, "w-1", "c-a", 1, "u-bob", T0, List.of("f-1", "f-2"));
      message(db, keys, "w-1", "c-a", 2, "u-ann", T0, List.of("f-3"));
      message(db, keys, "w-1", "c-b", 1, "u-bob", T0);

      assertEquals(2, await(erasure(keys).eraseAuthor("u-bob")));

      assertEquals(0, count(db, "SELECT COUNT(*) FROM parley_message_key WHERE author_id = ?", "u-bob"));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM parley_search_message WHERE author_id = ?", "u-bob"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM parley_message_key WHERE author_id = ?", "u-ann"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM parley_search_message WHERE author_id = ?", "u-ann"));
      assertEquals(
          List.of("c-a " + new Channel.ForgetKeys("u-bob", 0), "c-b " + new Channel.ForgetKeys("u-bob", 0)),
          told.stream().sorted().toList());
      assertEquals(List.of("c-a#1 [f-1, f-2]"), removedFiles, "the erased post's files are removed, no one else's");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theSweepErasesOnlyMessagesOlderThanTheirWorkspacesRetention(Dialect dialect) throws Exception {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      JdbcMessageKeys keys = keys(db);
      ManualClock clock = new ManualClock(T0 + 40 * DAY);
      RetentionPolicies policies = new RetentionPolicies(keys, dialect);
      RetentionSweep sweep = new RetentionSweep(policies, erasure(keys), clock);
      channel(db, "w-short", "c-short");
      channel(db, "w-forever", "c-forever");
      channel(db, "w-off", "c-off");
      for (String channelId : List.of("c-short", "c-forever", "c-off")) {
        String workspaceId = "w-" + channelId.substring(2);
        message(db, keys, workspaceId, channelId, 1, "u-ann", T0, List.of("f-" + channelId));
        message(db, keys, workspaceId, channelId, 2, "u-ann", T0 + 35 * DAY);
      }
      await(policies.set("w-short", 30, "u-owner", T0));
      await(policies.set("w-off", 30, "u-owner", T0));
      await(policies.set("w-off", 0, "u-owner", T0 + DAY));

      assertEquals(1, await(sweep.sweep()));

      assertEquals(List.of(2L), seqs(await(keys.load("c-short", List.of(1L, 2L)))));
      assertEquals(0, count(db, "SELECT COUNT(*) FROM parley_search_message WHERE channel_id = ? AND seq = 1", "c-short"));
      assertEquals(2, await(keys.load("c-forever", List.of(1L, 2L))).size());
      assertEquals(2, await(keys.load("c-off", List.of(1L, 2L))).size());
      assertEquals(List.of("c-short " + new Channel.ForgetKeys(null, T0 + 10 * DAY)), told);
      assertEquals(List.of("c-short#1 [f-c-short]"), removedFiles);

      clock.advance(Duration.ofDays(26));
      told.clear();
      assertEquals(1, await(sweep.sweep()));
      assertTrue(await(keys.load("c-short", List.of(1L, 2L))).isEmpty());
      assertEquals(1, told.size());
    }
  }
}
