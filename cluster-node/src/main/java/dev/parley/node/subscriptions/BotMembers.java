package dev.parley.node.subscriptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which channels the bots are in ({@code parley_subscription_bot_member}), kept by the subscription
 * projection from the channels' own join and leave events, in journal order: so a post mentions a
 * bot that is a member (and is sent as {@code bot.mentioned}) exactly when the bot was in the
 * channel at that post, whatever happened after. Joins of people are not kept. Each change may be
 * applied again (a step retried after a failed commit) to the same effect.
 */
final class BotMembers {
  /** A bot: its user id and its name, its handle in the workspace. */
  record Bot(String userId, String name) {}

  /** Keeps the membership if {@code userId} is a bot. */
  void joined(Connection connection, String channelId, String userId) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_subscription_bot_member (channel_id, bot_id) SELECT ?, b.bot_id FROM parley_bot b"
                + " WHERE b.bot_id = ? AND NOT EXISTS"
                + " (SELECT 1 FROM parley_subscription_bot_member m WHERE m.channel_id = ? AND m.bot_id = ?)")) {
      insert.setString(1, channelId);
      insert.setString(2, userId);
      insert.setString(3, channelId);
      insert.setString(4, userId);
      insert.executeUpdate();
    }
  }

  void left(Connection connection, String channelId, String userId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_subscription_bot_member WHERE channel_id = ? AND bot_id = ?")) {
      delete.setString(1, channelId);
      delete.setString(2, userId);
      delete.executeUpdate();
    }
  }

  void channelDeleted(Connection connection, String channelId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_subscription_bot_member WHERE channel_id = ?")) {
      delete.setString(1, channelId);
      delete.executeUpdate();
    }
  }

  /**
   * The bots of the workspace, not removed, that are members of the channel and among {@code
   * mentioned} (user ids), but {@code author}: a bot that names itself is not told, so that
   * answering a mention by quoting it cannot loop. In the order of {@code mentioned}.
   */
  List<Bot> mentioned(Connection connection, String workspaceId, String channelId, List<String> mentioned, String author)
      throws SQLException {
    List<Bot> members = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT b.bot_id, b.name FROM parley_subscription_bot_member m JOIN parley_bot b ON b.bot_id = m.bot_id"
                + " WHERE m.channel_id = ? AND b.workspace_id = ? AND b.removed_at IS NULL")) {
      select.setString(1, channelId);
      select.setString(2, workspaceId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          members.add(new Bot(rows.getString(1), rows.getString(2)));
        }
      }
    }
    return mentioned.stream()
        .filter(id -> !id.equals(author))
        .flatMap(id -> members.stream().filter(bot -> bot.userId().equals(id)))
        .toList();
  }
}
