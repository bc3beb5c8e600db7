package dev.parley.node.search;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.KeyRef;
import dev.parley.node.channel.MessageKey;
import dev.parley.node.channel.SealedEvents;
import dev.parley.node.erasure.KeyTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import scala.util.Try;

/**
 * One step of the search projection, in one database transaction: read the journal rows after the
 * stored offset, apply the channel events among them to the search tables ({@link SearchIndex}),
 * store the new offset, commit. The offset and the search tables change together or not at all,
 * so every event is applied exactly once, whatever fails or restarts in between.
 *
 * <p>The journal is read by its global {@code ordering} without tags (tagging would cost the
 * journal 2.5-3x its throughput, docs/stack.md). Gaps are judged over the rows of every persistence id,
 * since a missing value may be any entity's event ({@link OrderingGaps}); only {@code Channel|*}
 * rows are then read in full. The offset row is locked for the transaction, so should two
 * projections ever overlap (a node handing over), the second waits and continues from the first's
 * offset instead of applying the same events again.
 */
final class SearchProjector {

  /** The row of this projection in {@code parley_projection_offset}. */
  static final String PROJECTION_NAME = "search";

  private static final String CHANNEL_ROWS = Channel.ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + "%";

  /**
   * @param offset the last journal ordering projected, after this step
   * @param applied channel events read and applied in this step
   * @param more whether the step stopped at its batch size rather than at the end of the journal or
   *     at a gap: the next step may start at once
   * @param skipped gaps given up on in this step
   * @param behind journal orderings after the offset: the highest visible one minus the offset
   * @param oldestPendingMillis the write time of the oldest journal row after the offset, if any
   */
  record Progress(
      OrderingGaps gaps,
      long offset,
      int applied,
      boolean more,
      List<OrderingGaps.Gap> skipped,
      long behind,
      OptionalLong oldestPendingMillis) {}

  private final DataSource dataSource;
  private final Serialization serialization;
  private final int batchSize;
  private final Clock clock;

  SearchProjector(DataSource dataSource, Serialization serialization, int batchSize, Clock clock) {
    this.dataSource = dataSource;
    this.serialization = serialization;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  Progress step(OrderingGaps gaps) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Progress progress = step(connection, gaps);
        connection.commit();
        return progress;
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private Progress step(Connection connection, OrderingGaps gaps) throws SQLException {
    long offset = lockOffset(connection);
    List<Long> orderings = orderingsAfter(connection, offset);
    OrderingGaps.Advance advance = gaps.advance(offset, orderings, clock.millis());
    int applied = 0;
    if (advance.upTo() > offset) {
      applied = applyChannelEvents(connection, offset, advance.upTo());
      storeOffset(connection, advance.upTo());
    }
    boolean more = orderings.size() == batchSize && advance.upTo() == orderings.get(orderings.size() - 1);
    long behind = Math.max(0, maxOrdering(connection) - advance.upTo());
    return new Progress(
        advance.gaps(), advance.upTo(), applied, more, advance.skipped(), behind, oldestPendingMillis(connection, advance.upTo()));
  }

  private long lockOffset(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT last_ordering FROM parley_projection_offset WHERE projection_name = ? FOR UPDATE")) {
      select.setString(1, PROJECTION_NAME);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          return rows.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_projection_offset (projection_name, last_ordering) VALUES (?, 0)")) {
      insert.setString(1, PROJECTION_NAME);
      insert.executeUpdate();
    }
    return 0;
  }

  private List<Long> orderingsAfter(Connection connection, long offset) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"ordering\" FROM \"event_journal\" WHERE \"ordering\" > ? ORDER BY \"ordering\" LIMIT ?")) {
      select.setLong(1, offset);
      select.setInt(2, batchSize);
      List<Long> orderings = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          orderings.add(rows.getLong(1));
        }
      }
      return orderings;
    }
  }

  /**
   * Posts and edits are opened with their keys, read in one query locked for the transaction: an
   * erasure that deletes a key meanwhile waits for this commit, then deletes what it indexed. A post
   * whose key is gone is not indexed.
   */
  private int applyChannelEvents(Connection connection, long after, long upTo) throws SQLException {
    List<ChannelRow> rows = channelEvents(connection, after, upTo);
    Map<String, Set<Long>> needed = new HashMap<>();
    for (ChannelRow row : rows) {
      if (row.event() instanceof ChannelEvent.Sequenced event && SealedEvents.isSealed(event)) {
        needed.computeIfAbsent(row.channelId(), c -> new TreeSet<>()).add(SealedEvents.keySeq(event));
      }
    }
    Map<String, Map<KeyRef, MessageKey>> keys = new HashMap<>();
    KeyTable.loadForUpdate(connection, needed).forEach((channelId, found) -> keys.put(channelId, SealedEvents.byRef(found)));
    try (SearchIndex index = new SearchIndex(connection)) {
      for (ChannelRow row : rows) {
        ChannelEvent event = row.event();
        if (event instanceof ChannelEvent.Sequenced sequenced && SealedEvents.isSealed(sequenced)) {
          MessageKey key = keys.getOrDefault(row.channelId(), Map.of()).get(SealedEvents.keyOf(sequenced));
          event = SealedEvents.open(row.channelId(), sequenced, key);
        }
        index.apply(row.channelId(), event);
      }
      index.flush();
    }
    return rows.size();
  }

  private record ChannelRow(String channelId, ChannelEvent event) {}

  private List<ChannelRow> channelEvents(Connection connection, long after, long upTo) throws SQLException {
    List<ChannelRow> events = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT \"ordering\", \"persistence_id\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\""
                    + " FROM \"event_journal\""
                    + " WHERE \"ordering\" > ? AND \"ordering\" <= ? AND \"persistence_id\" LIKE ?"
                    + " ORDER BY \"ordering\"")) {
      select.setLong(1, after);
      select.setLong(2, upTo);
      select.setString(3, CHANNEL_ROWS);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String channelId = PersistenceId.extractEntityId(rows.getString(2));
          Try<Object> event = serialization.deserialize(rows.getBytes(5), rows.getInt(3), rows.getString(4));
          if (event.isFailure()) {
            // Retried until a node that can read it (a newer version) runs the projection.
            throw new IllegalStateException(
                "cannot read the journal event at ordering " + rows.getLong(1) + ": " + event.failed().get().getMessage());
          }
          events.add(new ChannelRow(channelId, (ChannelEvent) event.get()));
        }
      }
    }
    return events;
  }

  private void storeOffset(Connection connection, long offset) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE parley_projection_offset SET last_ordering = ? WHERE projection_name = ?")) {
      update.setLong(1, offset);
      update.setString(2, PROJECTION_NAME);
      update.executeUpdate();
    }
  }

  private long maxOrdering(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT MAX(\"ordering\") FROM \"event_journal\"");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private OptionalLong oldestPendingMillis(Connection connection, long offset) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"write_timestamp\" FROM \"event_journal\" WHERE \"ordering\" > ? ORDER BY \"ordering\" LIMIT 1")) {
      select.setLong(1, offset);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return OptionalLong.empty();
        }
        long written = rows.getLong(1);
        // PostgreSQL's journal allows a row without a write time: count it as written now.
        return rows.wasNull() ? OptionalLong.of(clock.millis()) : OptionalLong.of(written);
      }
    }
  }
}
