package dev.parley.node.notify;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.read.JournalFollower;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.ProjectionStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.pekko.serialization.Serialization;

/**
 * One step of the notify projection ({@link ProjectionStep}), over the channel events after the
 * stored offset: every post that mentions someone, or is in a DM, becomes a pending notice for each
 * recipient but its author, due {@code delay} after it was posted ({@code parley_notify_pending}); a
 * deleted post takes its notices back. DM membership is kept from the DMs' own events. Whether the recipient is
 * still a member, read the post in time or wants the email is decided when the notice is due
 * ({@link NoticeSender}).
 *
 * <p>With email off the projection only keeps its offset at the journal's end, so that turning
 * email on later does not email what happened meanwhile.
 */
final class NotifyProjector {
  static final String PROJECTION_NAME = "notify";
  /** The {@code user_id} of the row that marks a channel as a DM. */
  private static final String DM_MARK = "";

  private final JournalFollower journal;
  private final ProjectionStep step;
  private final Duration delay;
  private final boolean recording;

  NotifyProjector(DataSource dataSource, Serialization serialization, NotifySettings settings, Clock clock) {
    this.journal = new JournalFollower(PROJECTION_NAME, Channel.ENTITY_KEY.name(), serialization);
    this.step = new ProjectionStep(dataSource, journal, settings.batchSize(), clock);
    this.delay = settings.delay();
    this.recording = settings.smtp().isPresent();
  }

  ProjectionStep.Advanced step(OrderingGaps gaps) throws SQLException {
    return recording ? step.run(gaps, this::applyChannelEvents) : step.inTransaction(connection -> skipToEnd(connection, gaps));
  }

  private int applyChannelEvents(Connection connection, long after, long upTo, long nowMillis) throws SQLException {
    List<JournalFollower.Row<ChannelEvent>> rows = journal.events(connection, after, upTo, ChannelEvent.class);
    for (JournalFollower.Row<ChannelEvent> row : rows) {
      apply(connection, row.entityId(), row.event());
    }
    return rows.size();
  }

  private ProjectionStep.Advanced skipToEnd(Connection connection, OrderingGaps gaps) throws SQLException {
    journal.lockOffset(connection);
    try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(\"ordering\"), 0) FROM \"event_journal\"");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      long end = rows.getLong(1);
      journal.storeOffset(connection, end);
      return new ProjectionStep.Advanced(gaps, end, 0, false, List.of());
    }
  }

  private void apply(Connection connection, String channelId, ChannelEvent event) throws SQLException {
    if (event instanceof ChannelEvent.Created created && created.kind() == ChannelKind.DM) {
      addDmMember(connection, channelId, DM_MARK);
    } else if (event instanceof ChannelEvent.MemberJoined joined) {
      addDmMember(connection, channelId, joined.userId());
    } else if (event instanceof ChannelEvent.MemberLeft left) {
      update(connection, "DELETE FROM parley_notify_dm_member WHERE channel_id = ? AND user_id = ?", channelId, left.userId());
    } else if (event instanceof ChannelEvent.MessagePosted posted) {
      long due = posted.ts() + delay.toMillis();
      for (String mentioned : posted.mentions()) {
        if (!mentioned.equals(posted.author())) {
          addPending(connection, mentioned, channelId, posted, false, due);
        }
      }
      for (String member : dmMembers(connection, channelId)) {
        if (!member.equals(posted.author())) {
          addPending(connection, member, channelId, posted, true, due);
        }
      }
    } else if (event instanceof ChannelEvent.MessageDeleted deleted) {
      update(connection, "DELETE FROM parley_notify_pending WHERE channel_id = ? AND seq = ?", channelId, deleted.target());
    } else if (event instanceof ChannelEvent.ChannelDeleted) {
      update(connection, "DELETE FROM parley_notify_pending WHERE channel_id = ?", channelId);
      update(connection, "DELETE FROM parley_notify_dm_member WHERE channel_id = ?", channelId);
    }
  }

  /** Only into a channel marked as a DM, and once (events may be applied again after a failed commit). */
  private static void addDmMember(Connection connection, String channelId, String userId) throws SQLException {
    String markedDm =
        userId.equals(DM_MARK) ? "" : " AND EXISTS (SELECT 1 FROM parley_notify_dm_member d WHERE d.channel_id = ? AND d.user_id = '')";
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_notify_dm_member (channel_id, user_id) SELECT ?, ? FROM (VALUES (0)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM parley_notify_dm_member m WHERE m.channel_id = ? AND m.user_id = ?)"
                + markedDm)) {
      insert.setString(1, channelId);
      insert.setString(2, userId);
      insert.setString(3, channelId);
      insert.setString(4, userId);
      if (!userId.equals(DM_MARK)) {
        insert.setString(5, channelId);
      }
      insert.executeUpdate();
    }
  }

  private static List<String> dmMembers(Connection connection, String channelId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT user_id FROM parley_notify_dm_member WHERE channel_id = ? AND user_id <> ''")) {
      select.setString(1, channelId);
      List<String> members = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          members.add(rows.getString(1));
        }
      }
      return members;
    }
  }

  private static void addPending(
      Connection connection, String userId, String channelId, ChannelEvent.MessagePosted posted, boolean direct, long due)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_notify_pending (user_id, channel_id, seq, author_id, direct, due_at)"
                + " SELECT ?, ?, ?, ?, ?, ? FROM (VALUES (0)) AS one(x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM parley_notify_pending p WHERE p.user_id = ? AND p.channel_id = ? AND p.seq = ?)")) {
      insert.setString(1, userId);
      insert.setString(2, channelId);
      insert.setLong(3, posted.seq());
      insert.setString(4, posted.author());
      insert.setBoolean(5, direct);
      insert.setLong(6, due);
      insert.setString(7, userId);
      insert.setString(8, channelId);
      insert.setLong(9, posted.seq());
      insert.executeUpdate();
    }
  }

  private static void update(Connection connection, String sql, String channelId, Object second) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, channelId);
      statement.setObject(2, second);
      statement.executeUpdate();
    }
  }

  private static void update(Connection connection, String sql, String channelId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, channelId);
      statement.executeUpdate();
    }
  }
}
