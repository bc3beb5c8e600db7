package dev.parley.node.read.search;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.KeyRef;
import dev.parley.node.channel.MessageKey;
import dev.parley.node.channel.SealedEvents;
import dev.parley.node.erasure.KeyTable;
import dev.parley.node.read.JournalFollower;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.ProjectionRunner;
import dev.parley.node.read.ProjectionStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.pekko.serialization.Serialization;

/**
 * One step of the search projection ({@link ProjectionStep}): the channel events after the stored
 * offset are applied to the search tables ({@link SearchIndex}), in the transaction that moves the
 * offset, so every event is applied exactly once, whatever fails or restarts in between.
 *
 * <p>The journal is read by its global {@code ordering} without tags (tagging would cost the
 * journal 2.5-3x its throughput, docs/stack.md). Gaps are judged over the rows of every persistence id,
 * since a missing value may be any entity's event ({@link OrderingGaps}); only {@code Channel|*}
 * rows are then read in full.
 */
final class SearchProjector {

  /** The row of this projection in {@code parley_projection_offset}. */
  static final String PROJECTION_NAME = "search";

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
      OptionalLong oldestPendingMillis)
      implements ProjectionRunner.Progress {}

  private final JournalFollower journal;
  private final ProjectionStep step;
  private final Clock clock;

  SearchProjector(DataSource dataSource, Serialization serialization, int batchSize, Clock clock) {
    this.journal = new JournalFollower(PROJECTION_NAME, Channel.ENTITY_KEY.name(), serialization);
    this.step = new ProjectionStep(dataSource, journal, batchSize, clock);
    this.clock = clock;
  }

  Progress step(OrderingGaps gaps) throws SQLException {
    return step.run(
        gaps,
        (connection, after, upTo, now) -> applyChannelEvents(connection, after, upTo),
        (connection, advanced) ->
            new Progress(
                advanced.gaps(),
                advanced.offset(),
                advanced.applied(),
                advanced.more(),
                advanced.skipped(),
                Math.max(0, maxOrdering(connection) - advanced.offset()),
                oldestPendingMillis(connection, advanced.offset())));
  }

  /**
   * Posts and edits are opened with their keys, read in one query locked for the transaction: an
   * erasure that deletes a key meanwhile waits for this commit, then deletes what it indexed. A post
   * whose key is gone is not indexed.
   */
  private int applyChannelEvents(Connection connection, long after, long upTo) throws SQLException {
    List<JournalFollower.Row<ChannelEvent>> rows = journal.events(connection, after, upTo, ChannelEvent.class);
    Map<String, Set<Long>> needed = new HashMap<>();
    for (JournalFollower.Row<ChannelEvent> row : rows) {
      if (row.event() instanceof ChannelEvent.Sequenced event && SealedEvents.isSealed(event)) {
        needed.computeIfAbsent(row.entityId(), c -> new TreeSet<>()).add(SealedEvents.keySeq(event));
      }
    }
    Map<String, Map<KeyRef, MessageKey>> keys = new HashMap<>();
    KeyTable.loadForUpdate(connection, needed).forEach((channelId, found) -> keys.put(channelId, SealedEvents.byRef(found)));
    try (SearchIndex index = new SearchIndex(connection)) {
      for (JournalFollower.Row<ChannelEvent> row : rows) {
        ChannelEvent event = row.event();
        if (event instanceof ChannelEvent.Sequenced sequenced && SealedEvents.isSealed(sequenced)) {
          MessageKey key = keys.getOrDefault(row.entityId(), Map.of()).get(SealedEvents.keyOf(sequenced));
          event = SealedEvents.open(row.entityId(), sequenced, key);
        }
        index.apply(row.entityId(), event);
      }
      index.flush();
    }
    return rows.size();
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
