package dev.parley.node.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.channel.MessageKey;
import dev.parley.node.channel.MessageSeal;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import dev.parley.node.testing.MigratedDatabase;
import dev.parley.persistence.Dialect;
import dev.parley.protocol.SearchResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The projection's transactions over a real journal table (rows written as the JDBC journal writes
 * them, with chosen orderings): exactly-once across restarts, gaps, batches and the lag figures.
 */
class SearchProjectorTest {
  private static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);
  private static final int BATCH = 100;
  private static final String WORKSPACE = "w-acme";
  private static final String CHANNEL = "c-general";
  private static final String ALICE = "u-alice";
  private static final long T0 = 1_770_000_000_000L;

  private static ActorTestKit testKit;
  private static Serialization serialization;

  @TempDir Path tempDir;

  private final ManualClock clock = new ManualClock(T0 + 60_000);

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("SearchProjectorTest", EntityTestConfig.config());
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Writes the channel event with journal sequence number {@code sequenceNr} at {@code ordering}. */
  private static void journal(HikariDataSource db, long ordering, String persistenceId, long sequenceNr, Object event)
      throws SQLException {
    Serializer serializer = serialization.findSerializerFor(event);
    try (Connection connection = db.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO \"event_journal\" (\"ordering\", \"persistence_id\", \"sequence_number\", \"deleted\","
                    + " \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
                    + " \"event_ser_manifest\") VALUES (?, ?, ?, FALSE, 'test', ?, '', ?, ?, ?)")) {
      insert.setLong(1, ordering);
      insert.setString(2, persistenceId);
      insert.setLong(3, sequenceNr);
      insert.setLong(4, T0 + ordering);
      insert.setBytes(5, serializer.toBinary(event));
      insert.setInt(6, serializer.identifier());
      insert.setString(7, Serializers.manifestFor(serializer, event));
      insert.executeUpdate();
    }
  }

  private static void channelEvent(HikariDataSource db, long ordering, ChannelEvent event) throws SQLException {
    long sequenceNr = event instanceof ChannelEvent.Sequenced s ? ChannelEvent.sequenceNrOf(s.seq()) : 1;
    journal(db, ordering, Channel.persistenceId(CHANNEL).id(), sequenceNr, event);
  }

  private static ChannelEvent.Created created() {
    return new ChannelEvent.Created(CHANNEL, WORKSPACE, "general", ChannelKind.PUBLIC, "", ALICE, T0);
  }

  private static ChannelEvent.MessagePosted posted(long seq, String text) {
    return new ChannelEvent.MessagePosted(seq, ALICE, text, T0 + seq, "m-" + seq, null, List.of());
  }

  /** What Alice finds; these journals hold no join events, so her membership is written here. */
  private static List<String> found(HikariDataSource db, Dialect dialect, String query) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement member =
            connection.prepareStatement(
                "MERGE INTO parley_search_member m USING (VALUES (1)) AS one(x)"
                    + " ON m.user_id = ? AND m.channel_id = ? WHEN NOT MATCHED THEN INSERT VALUES (?, ?)")) {
      member.setString(1, ALICE);
      member.setString(2, CHANNEL);
      member.setString(3, ALICE);
      member.setString(4, CHANNEL);
      member.executeUpdate();
    }
    return new MessageSearch(db, dialect).search(WORKSPACE, ALICE, List.of(CHANNEL), query, BATCH).stream()
        .map(SearchResult.Hit::text)
        .toList();
  }

  private static long storedOffset(HikariDataSource db) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT last_ordering FROM parley_projection_offset WHERE projection_name = ?")) {
      select.setString(1, SearchProjector.PROJECTION_NAME);
      try (ResultSet rows = select.executeQuery()) {
        assertTrue(rows.next(), "no stored offset");
        return rows.getLong(1);
      }
    }
  }

  private SearchProjector projector(HikariDataSource db, int batchSize) {
    return new SearchProjector(db, serialization, batchSize, clock);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void appliesEachEventOnceAndAfterARestartContinuesFromTheStoredOffset(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      channelEvent(db, 1, created());
      channelEvent(db, 2, new ChannelEvent.MemberJoined(1, ALICE, T0));
      journal(db, 3, "Workspace|w-acme", 1, new ChannelEvent.MemberJoined(1, ALICE, T0));
      channelEvent(db, 4, posted(2, "draft one"));
      channelEvent(db, 5, posted(3, "draft two"));
      channelEvent(db, 6, new ChannelEvent.MessageEdited(4, 2, "final one", T0 + 4, ALICE));
      channelEvent(db, 7, new ChannelEvent.MessageDeleted(5, 3, T0 + 5, ALICE));

      SearchProjector.Progress first = projector(db, BATCH).step(OrderingGaps.none(GAP_TIMEOUT));
      assertEquals(7, first.offset());
      assertEquals(6, first.applied(), "the Workspace row is not a channel event");
      assertEquals(7, storedOffset(db));
      assertEquals(List.of("final one"), found(db, dialect, "one"));
      assertEquals(List.of(), found(db, dialect, "draft"));

      SearchProjector restarted = projector(db, BATCH);
      SearchProjector.Progress again = restarted.step(OrderingGaps.none(GAP_TIMEOUT));
      assertEquals(7, again.offset());
      assertEquals(0, again.applied());

      channelEvent(db, 8, posted(6, "one more"));
      SearchProjector.Progress next = restarted.step(again.gaps());
      assertEquals(8, next.offset());
      assertEquals(1, next.applied());
      assertEquals(List.of("one more", "final one"), found(db, dialect, "one"));
    }
  }

  /** A post sealed under a new key, the key stored as the channel stores it. */
  private static ChannelEvent.MessagePosted sealed(HikariDataSource db, long seq, String text) throws SQLException {
    MessageKey key = MessageSeal.newKey(CHANNEL, seq, ALICE, T0 + seq, List.of());
    try (Connection connection = db.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO parley_message_key (channel_id, seq, key_id, author_id, ts, message_key) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, key.channelId());
      insert.setLong(2, key.seq());
      insert.setLong(3, key.keyId());
      insert.setString(4, key.authorId());
      insert.setLong(5, key.ts());
      insert.setBytes(6, key.secret());
      insert.executeUpdate();
    }
    return new ChannelEvent.MessagePosted(
        seq, ALICE, null, T0 + seq, "m-" + seq, null, List.of(), List.of(), MessageSeal.seal(key, CHANNEL, seq, text));
  }

  private static long keys(HikariDataSource db) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM parley_message_key");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void sealedPostsAreIndexedOpenedUnlessTheirKeyIsGoneAndDeletionsDeleteTheKeys(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      channelEvent(db, 1, created());
      channelEvent(db, 2, sealed(db, 1, "sealed apple"));
      ChannelEvent.MessagePosted erased = sealed(db, 2, "erased apple");
      channelEvent(db, 3, erased);
      try (Connection connection = db.getConnection();
          PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_message_key WHERE seq = 2")) {
        delete.executeUpdate();
      }
      channelEvent(db, 4, sealed(db, 3, "doomed apple"));
      channelEvent(db, 5, new ChannelEvent.MessageDeleted(4, 3, T0 + 4, ALICE));

      projector(db, BATCH).step(OrderingGaps.none(GAP_TIMEOUT));

      assertEquals(List.of("sealed apple"), found(db, dialect, "apple"));
      assertEquals(1, keys(db), "the deleted message's key is gone with it");

      channelEvent(db, 6, new ChannelEvent.ChannelDeleted(5, ALICE, T0 + 5));
      projector(db, BATCH).step(OrderingGaps.none(GAP_TIMEOUT));
      assertEquals(0, keys(db), "a deleted channel's keys are gone with it");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void waitsForAMissingOrderingThenMovesPastItAfterTheGapTimeout(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      SearchProjector projector = projector(db, BATCH);
      channelEvent(db, 1, created());
      channelEvent(db, 2, posted(1, "before the gap"));
      channelEvent(db, 4, posted(3, "after the gap"));

      SearchProjector.Progress blocked = projector.step(OrderingGaps.none(GAP_TIMEOUT));
      assertEquals(2, blocked.offset());
      assertEquals(List.of("before the gap"), found(db, dialect, "gap"));
      assertEquals(2, blocked.behind());
      assertEquals(OptionalLong.of(T0 + 4), blocked.oldestPendingMillis());

      clock.advance(GAP_TIMEOUT.minusSeconds(1));
      channelEvent(db, 3, posted(2, "late but in time"));
      SearchProjector.Progress filled = projector.step(blocked.gaps());
      assertEquals(4, filled.offset());
      assertEquals(List.of(), filled.skipped());
      assertEquals(List.of("after the gap", "before the gap"), found(db, dialect, "gap"));

      channelEvent(db, 6, posted(5, "beyond a second gap"));
      SearchProjector.Progress waiting = projector.step(filled.gaps());
      assertEquals(4, waiting.offset());
      clock.advance(GAP_TIMEOUT);
      SearchProjector.Progress skipped = projector.step(waiting.gaps());
      assertEquals(6, skipped.offset());
      assertEquals(List.of(5L), skipped.skipped().stream().map(OrderingGaps.Gap::first).toList());
      assertEquals(List.of("beyond a second gap"), found(db, dialect, "beyond"));
      assertEquals(0, skipped.behind());
      assertEquals(OptionalLong.empty(), skipped.oldestPendingMillis());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aFullBatchSaysThereIsMore(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      SearchProjector projector = projector(db, 2);
      channelEvent(db, 1, created());
      channelEvent(db, 2, posted(1, "one"));
      channelEvent(db, 3, posted(2, "two"));

      SearchProjector.Progress full = projector.step(OrderingGaps.none(GAP_TIMEOUT));
      assertEquals(2, full.offset());
      assertTrue(full.more());
      assertEquals(1, full.behind());

      SearchProjector.Progress rest = projector.step(full.gaps());
      assertEquals(3, rest.offset());
      assertFalse(rest.more());
    }
  }
}
