package dev.parley.node.read.search;

import dev.parley.node.channel.ChannelEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Applies channel events to the search tables, on the caller's connection and inside the caller's
 * transaction: the projection commits them together with its offset. Statements of one kind in a
 * row go to the database as one JDBC batch; a change of kind sends the batch before it first, so
 * the events take effect in journal order (a channel before its posts, a post before its edit).
 *
 * <p>Every change is idempotent, so applying an event twice leaves what applying it once left: a
 * post that is already there (and may have been edited since) is not written again.
 */
final class SearchIndex implements AutoCloseable {

  private enum Change {
    CHANNEL(
        "INSERT INTO parley_search_channel (channel_id, workspace_id) SELECT ?, ? FROM (VALUES (0)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM parley_search_channel WHERE channel_id = ?)"),
    // Takes the workspace from the channel's row, written by its Created event before any post.
    POST(
        "INSERT INTO parley_search_message (channel_id, seq, workspace_id, author_id, text, ts)"
            + " SELECT c.channel_id, ?, c.workspace_id, ?, ?, ? FROM parley_search_channel c"
            + " WHERE c.channel_id = ?"
            + " AND NOT EXISTS (SELECT 1 FROM parley_search_message m WHERE m.channel_id = ? AND m.seq = ?)"),
    EDIT("UPDATE parley_search_message SET text = ? WHERE channel_id = ? AND seq = ?"),
    DELETE("DELETE FROM parley_search_message WHERE channel_id = ? AND seq = ?"),
    JOIN(
        "INSERT INTO parley_search_member (user_id, channel_id) SELECT ?, ? FROM (VALUES (0)) AS one(x)"
            + " WHERE NOT EXISTS (SELECT 1 FROM parley_search_member WHERE user_id = ? AND channel_id = ?)"),
    LEAVE("DELETE FROM parley_search_member WHERE user_id = ? AND channel_id = ?"),
    // A deleted channel's messages are found by nobody: with its members gone, nobody may search it.
    CHANNEL_MESSAGES_DROPPED("DELETE FROM parley_search_message WHERE channel_id = ?"),
    CHANNEL_MEMBERS_DROPPED("DELETE FROM parley_search_member WHERE channel_id = ?"),
    // Erasure (docs/design.md): the channel deletes a deleted message's key at once; this makes sure,
    // as it is retried until it commits.
    KEY_DELETE("DELETE FROM parley_message_key WHERE channel_id = ? AND seq = ?"),
    CHANNEL_KEYS_DROPPED("DELETE FROM parley_message_key WHERE channel_id = ?");

    private final String sql;

    Change(String sql) {
      this.sql = sql;
    }
  }

  private final Connection connection;
  private final Map<Change, PreparedStatement> statements = new EnumMap<>(Change.class);
  private Change batched;

  SearchIndex(Connection connection) {
    this.connection = connection;
  }

  /**
   * Events that do not change what search finds, or for whom (reactions, topics), are ignored; so
   * are posts and edits without text (their key was gone when the caller opened them).
   */
  void apply(String channelId, ChannelEvent event) throws SQLException {
    if (event instanceof ChannelEvent.Created created) {
      add(Change.CHANNEL, channelId, created.workspaceId(), channelId);
    } else if (event instanceof ChannelEvent.MessagePosted posted) {
      if (posted.text() != null) {
        add(Change.POST, posted.seq(), posted.author(), posted.text(), posted.ts(), channelId, channelId, posted.seq());
      }
    } else if (event instanceof ChannelEvent.MessageEdited edited) {
      if (edited.text() != null) {
        add(Change.EDIT, edited.text(), channelId, edited.target());
      }
    } else if (event instanceof ChannelEvent.MessageDeleted deleted) {
      add(Change.DELETE, channelId, deleted.target());
      add(Change.KEY_DELETE, channelId, deleted.target());
    } else if (event instanceof ChannelEvent.MemberJoined joined) {
      add(Change.JOIN, joined.userId(), channelId, joined.userId(), channelId);
    } else if (event instanceof ChannelEvent.MemberLeft left) {
      add(Change.LEAVE, left.userId(), channelId);
    } else if (event instanceof ChannelEvent.ChannelDeleted) {
      add(Change.CHANNEL_MESSAGES_DROPPED, channelId);
      add(Change.CHANNEL_MEMBERS_DROPPED, channelId);
      add(Change.CHANNEL_KEYS_DROPPED, channelId);
    }
  }

  /** Sends the changes not yet sent; the caller then commits. */
  void flush() throws SQLException {
    if (batched != null) {
      statements.get(batched).executeBatch();
      batched = null;
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement statement : statements.values()) {
      statement.close();
    }
  }

  private void add(Change change, Object... parameters) throws SQLException {
    if (change != batched) {
      flush();
    }
    PreparedStatement statement = statements.get(change);
    if (statement == null) {
      statement = connection.prepareStatement(change.sql);
      statements.put(change, statement);
    }
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    statement.addBatch();
    batched = change;
  }
}
