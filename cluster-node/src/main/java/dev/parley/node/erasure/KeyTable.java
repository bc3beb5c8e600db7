package dev.parley.node.erasure;

import dev.parley.node.channel.MessageKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@code parley_message_key}, on the caller's connection (and inside its transaction,
 * when it has one): the node's key store and the search projection share it.
 */
public final class KeyTable {
  private static final String COLUMNS = "channel_id, seq, key_id, author_id, ts, message_key, file_ids";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?)";
  private static final String FILE_ID_SEPARATOR = " ";

  /** The files of an erased post, to be removed with it. */
  record PostFiles(String channelId, long seq, List<String> fileIds) {}

  private KeyTable() {}

  /**
   * Writes {@code keys} in one statement. Each has a random id of its own, so a key never replaces
   * another written for the same seq (a retry after a failed persist; a second owner of the channel
   * during a partition): the journal's event names the key it was sealed under.
   */
  static void insert(Connection connection, List<MessageKey> keys) throws SQLException {
    String sql = "INSERT INTO parley_message_key (" + COLUMNS + ") VALUES " + String.join(", ", Collections.nCopies(keys.size(), ROW));
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      for (MessageKey key : keys) {
        statement.setString(i++, key.channelId());
        statement.setLong(i++, key.seq());
        statement.setLong(i++, key.keyId());
        statement.setString(i++, key.authorId());
        statement.setLong(i++, key.ts());
        statement.setBytes(i++, key.secret());
        statement.setString(i++, key.fileIds().isEmpty() ? null : String.join(FILE_ID_SEPARATOR, key.fileIds()));
      }
      statement.executeUpdate();
    }
  }

  /** Every key of these seqs of {@code channelId} that exists. */
  public static List<MessageKey> load(Connection connection, String channelId, Collection<Long> seqs) throws SQLException {
    List<MessageKey> found = new ArrayList<>();
    if (seqs.isEmpty()) {
      return found;
    }
    String sql =
        "SELECT " + COLUMNS + " FROM parley_message_key WHERE channel_id = ? AND seq IN ("
            + String.join(", ", Collections.nCopies(seqs.size(), "?")) + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, channelId);
      int i = 2;
      for (long seq : seqs) {
        statement.setLong(i++, seq);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(key(rows));
        }
      }
    }
    return found;
  }

  /**
   * The keys of the given messages of several channels, by channel and seq, in one query; the rows
   * stay locked until the caller's transaction ends, so that deleting them waits for it.
   */
  public static Map<String, List<MessageKey>> loadForUpdate(Connection connection, Map<String, ? extends Collection<Long>> seqsByChannel)
      throws SQLException {
    Map<String, List<MessageKey>> found = new HashMap<>();
    List<Object> parameters = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    seqsByChannel.forEach(
        (channelId, seqs) -> {
          if (!seqs.isEmpty()) {
            conditions.add("(channel_id = ? AND seq IN (" + String.join(", ", Collections.nCopies(seqs.size(), "?")) + "))");
            parameters.add(channelId);
            parameters.addAll(seqs);
          }
        });
    if (conditions.isEmpty()) {
      return found;
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM parley_message_key WHERE " + String.join(" OR ", conditions) + " FOR UPDATE")) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          MessageKey key = key(rows);
          found.computeIfAbsent(key.channelId(), c -> new ArrayList<>()).add(key);
        }
      }
    }
    return found;
  }

  /** Erases one message. */
  static void delete(Connection connection, String channelId, long seq) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM parley_message_key WHERE channel_id = ? AND seq = ?")) {
      statement.setString(1, channelId);
      statement.setLong(2, seq);
      statement.executeUpdate();
    }
  }

  /** The channels where {@code authorId} has messages with a key. */
  static List<String> channelsOfAuthor(Connection connection, String authorId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT DISTINCT channel_id FROM parley_message_key WHERE author_id = ?")) {
      statement.setString(1, authorId);
      List<String> channels = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          channels.add(rows.getString(1));
        }
      }
      return channels;
    }
  }

  /** The files of {@code authorId}'s posts. */
  static List<PostFiles> filesOfAuthor(Connection connection, String authorId) throws SQLException {
    return files(connection, "author_id = ?", authorId);
  }

  /** The files of the posts of {@code channelId} posted before {@code beforeTs}. */
  static List<PostFiles> filesOlder(Connection connection, String channelId, long beforeTs) throws SQLException {
    return files(connection, "channel_id = ? AND ts < ?", channelId, beforeTs);
  }

  private static List<PostFiles> files(Connection connection, String where, Object... parameters) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT channel_id, seq, file_ids FROM parley_message_key WHERE " + where + " AND file_ids IS NOT NULL")) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<PostFiles> files = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          files.add(new PostFiles(rows.getString(1), rows.getLong(2), fileIds(rows.getString(3))));
        }
      }
      return files;
    }
  }

  private static List<String> fileIds(String column) {
    return column == null ? List.of() : List.of(column.split(FILE_ID_SEPARATOR));
  }

  /** Erases every message of {@code authorId}; returns how many. */
  static int deleteAuthor(Connection connection, String authorId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM parley_message_key WHERE author_id = ?")) {
      statement.setString(1, authorId);
      return statement.executeUpdate();
    }
  }

  /** Erases the messages of {@code channelId} posted before {@code beforeTs}; returns how many. */
  static int deleteOlder(Connection connection, String channelId, long beforeTs) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM parley_message_key WHERE channel_id = ? AND ts < ?")) {
      statement.setString(1, channelId);
      statement.setLong(2, beforeTs);
      return statement.executeUpdate();
    }
  }

  private static MessageKey key(ResultSet rows) throws SQLException {
    return new MessageKey(
        rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4), rows.getLong(5), rows.getBytes(6), fileIds(rows.getString(7)));
  }
}
