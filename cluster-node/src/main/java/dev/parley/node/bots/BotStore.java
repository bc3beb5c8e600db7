package dev.parley.node.bots;

import dev.parley.node.PooledJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The bot accounts in {@code parley_bot} and their tokens in {@code parley_bot_token}, shared by
 * every node: tables, not an entity, because a request finds its bot by the token's hash, which no
 * entity id can be derived from. Every authentication reads the table, so a revoked token or a
 * removed bot is refused at once on every node. Removed bots and revoked tokens keep their rows.
 * JDBC blocks: each call runs on {@code blocking}.
 */
public final class BotStore {
  private static final String BOT_COLUMNS = "b.bot_id, b.workspace_id, b.name, b.created_by, b.created_at";
  private static final String TOKEN_COLUMNS = "token_id, bot_id, label, created_at";
  /** SQLSTATE class 23: an integrity constraint, here the bot name taken in its workspace. */
  private static final String CONSTRAINT_VIOLATION = "23";

  private final PooledJdbc jdbc;

  public BotStore(DataSource dataSource, Executor blocking) {
    this.jdbc = new PooledJdbc(dataSource, blocking);
  }

  /** Stores a new bot; false if its workspace has (or had) a bot of that name. */
  public CompletionStage<Boolean> insert(StoredBot bot) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO parley_bot (bot_id, workspace_id, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, bot.botId());
            insert.setString(2, bot.workspaceId());
            insert.setString(3, bot.name());
            insert.setString(4, bot.createdBy());
            insert.setLong(5, bot.createdAt());
            insert.executeUpdate();
            return true;
          } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith(CONSTRAINT_VIOLATION)) {
              return false;
            }
            throw e;
          }
        });
  }

  /** The workspace's bots that are not removed, oldest first. */
  public CompletionStage<List<StoredBot>> live(String workspaceId) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + BOT_COLUMNS + " FROM parley_bot b WHERE b.workspace_id = ? AND b.removed_at IS NULL"
                      + " ORDER BY b.created_at, b.bot_id")) {
            select.setString(1, workspaceId);
            List<StoredBot> bots = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                bots.add(bot(rows));
              }
            }
            return bots;
          }
        });
  }

  /** The workspace's bot of that id, if it is not removed. */
  public CompletionStage<Optional<StoredBot>> liveBot(String workspaceId, String botId) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + BOT_COLUMNS + " FROM parley_bot b WHERE b.bot_id = ? AND b.workspace_id = ? AND b.removed_at IS NULL")) {
            select.setString(1, botId);
            select.setString(2, workspaceId);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(bot(rows)) : Optional.<StoredBot>empty();
            }
          }
        });
  }

  /** Removes the bot at {@code now}: its tokens stop working with it. False if it was not live. */
  public CompletionStage<Boolean> remove(String workspaceId, String botId, long now) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE parley_bot SET removed_at = ? WHERE bot_id = ? AND workspace_id = ? AND removed_at IS NULL")) {
            update.setLong(1, now);
            update.setString(2, botId);
            update.setString(3, workspaceId);
            return update.executeUpdate() > 0;
          }
        });
  }

  public CompletionStage<StoredBotToken> insertToken(StoredBotToken token, String secretHash) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO parley_bot_token (" + TOKEN_COLUMNS + ", token_hash) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, token.tokenId());
            insert.setString(2, token.botId());
            insert.setString(3, token.label());
            insert.setLong(4, token.createdAt());
            insert.setString(5, secretHash);
            insert.executeUpdate();
            return token;
          }
        });
  }

  /** The bot's tokens that are not revoked, oldest first. */
  public CompletionStage<List<StoredBotToken>> liveTokens(String botId) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + TOKEN_COLUMNS + " FROM parley_bot_token WHERE bot_id = ? AND revoked_at IS NULL"
                      + " ORDER BY created_at, token_id")) {
            select.setString(1, botId);
            List<StoredBotToken> tokens = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                tokens.add(new StoredBotToken(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4)));
              }
            }
            return tokens;
          }
        });
  }

  /** Revokes the bot's token at {@code now}; false if it has no such live token. */
  public CompletionStage<Boolean> revokeToken(String botId, String tokenId, long now) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE parley_bot_token SET revoked_at = ? WHERE token_id = ? AND bot_id = ? AND revoked_at IS NULL")) {
            update.setLong(1, now);
            update.setString(2, tokenId);
            update.setString(3, botId);
            return update.executeUpdate() > 0;
          }
        });
  }

  /** The live bot and token whose secret has this hash: neither revoked nor removed. */
  public CompletionStage<Optional<BotLogin>> bySecretHash(String secretHash) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + BOT_COLUMNS + ", t.token_id FROM parley_bot_token t JOIN parley_bot b ON b.bot_id = t.bot_id"
                      + " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND b.removed_at IS NULL")) {
            select.setString(1, secretHash);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(new BotLogin(bot(rows), rows.getString(6))) : Optional.<BotLogin>empty();
            }
          }
        });
  }

  private static StoredBot bot(ResultSet rows) throws SQLException {
    return new StoredBot(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5));
  }
}
