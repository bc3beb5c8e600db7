package dev.parley.node.notify;

import dev.parley.node.Blocking;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Users' notification preferences ({@code parley_notify_preference}): a default and any channel's
 * own, each a level and whether it is muted. A channel without its own preference follows the
 * default; a user without a default gets {@link Preference#DEFAULT}.
 */
public final class Preferences {
  /** The row of a user's default. */
  private static final String DEFAULT_ROW = "";

  /** {@code level}: {@code all}, {@code mentions} or {@code nothing}. */
  public record Preference(String level, boolean muted) {
    public static final Preference DEFAULT = new Preference("mentions", false);

    /** Whether a mention or a DM post may be emailed under it. */
    boolean emailsMentionsAndDms() {
      return !muted && !level.equals("nothing");
    }
  }

  /** A user's default, and their channels' own preferences by channel id. */
  public record Choices(Preference byDefault, Map<String, Preference> channels) {
    /** What applies in {@code channelId}: its own, or else the default (a muted default mutes every channel). */
    public Preference in(String channelId) {
      if (byDefault.muted()) {
        return byDefault;
      }
      return channels.getOrDefault(channelId, byDefault);
    }
  }

  private final DataSource dataSource;
  private final Blocking blocking;

  public Preferences(DataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = new Blocking(blocking);
  }

  public CompletionStage<Choices> of(String userId) {
    return blocking.run(
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            return load(connection, userId);
          }
        });
  }

  /** Sets the preference of {@code channelId} (null: the default) and answers the user's preferences. */
  public CompletionStage<Choices> set(String userId, String channelId, Preference preference) {
    return blocking.run(
        () -> {
          try (Connection connection = dataSource.getConnection()) {
            store(connection, userId, channelId == null ? DEFAULT_ROW : channelId, preference);
            return load(connection, userId);
          }
        });
  }

  static Choices load(Connection connection, String userId) throws SQLException {
    Preference byDefault = Preference.DEFAULT;
    Map<String, Preference> channels = new TreeMap<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT channel_id, level, muted FROM parley_notify_preference WHERE user_id = ?")) {
      select.setString(1, userId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Preference preference = new Preference(rows.getString(2), rows.getBoolean(3));
          if (rows.getString(1).equals(DEFAULT_ROW)) {
            byDefault = preference;
          } else {
            channels.put(rows.getString(1), preference);
          }
        }
      }
    }
    return new Choices(byDefault, channels);
  }

  /** Replaces one row: a delete and an insert in one transaction, the same on PostgreSQL and H2. */
  static void store(Connection connection, String userId, String channelId, Preference preference) throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM parley_notify_preference WHERE user_id = ? AND channel_id = ?")) {
        delete.setString(1, userId);
        delete.setString(2, channelId);
        delete.executeUpdate();
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO parley_notify_preference (user_id, channel_id, level, muted) VALUES (?, ?, ?, ?)")) {
        insert.setString(1, userId);
        insert.setString(2, channelId);
        insert.setString(3, preference.level());
        insert.setBoolean(4, preference.muted());
        insert.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** The unsubscribe link's change: the user's default becomes {@code nothing}. */
  public CompletionStage<Choices> unsubscribe(String userId) {
    return set(userId, null, new Preference("nothing", false));
  }
}
