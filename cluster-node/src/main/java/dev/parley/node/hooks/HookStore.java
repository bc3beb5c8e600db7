package dev.parley.node.hooks;

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
 * The incoming webhooks in {@code parley_hook}, shared by every node: the table, not an entity,
 * because a post finds its hook by the token's hash, which no entity id can be derived from. A
 * revoked hook stays in the table (with {@code revoked_at}) so that its id keeps naming what it
 * posted. JDBC blocks: each call runs on {@code blocking}.
 */
public final class HookStore {
  private static final String COLUMNS = "hook_id, channel_id, workspace_id, name, created_by, created_at";

  private final PooledJdbc jdbc;

  public HookStore(DataSource dataSource, Executor blocking) {
    this.jdbc = new PooledJdbc(dataSource, blocking);
  }

  public CompletionStage<StoredHook> insert(StoredHook hook, String tokenHash) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO parley_hook (" + COLUMNS + ", token_hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, hook.hookId());
            insert.setString(2, hook.channelId());
            insert.setString(3, hook.workspaceId());
            insert.setString(4, hook.name());
            insert.setString(5, hook.createdBy());
            insert.setLong(6, hook.createdAt());
            insert.setString(7, tokenHash);
            insert.executeUpdate();
            return hook;
          }
        });
  }

  /** The channel's hooks that are not revoked, oldest first. */
  public CompletionStage<List<StoredHook>> live(String channelId) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM parley_hook WHERE channel_id = ? AND revoked_at IS NULL ORDER BY created_at, hook_id")) {
            select.setString(1, channelId);
            List<StoredHook> hooks = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                hooks.add(hook(rows));
              }
            }
            return hooks;
          }
        });
  }

  /** The live hook whose token has this hash. */
  public CompletionStage<Optional<StoredHook>> byTokenHash(String tokenHash) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT " + COLUMNS + " FROM parley_hook WHERE token_hash = ? AND revoked_at IS NULL")) {
            select.setString(1, tokenHash);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(hook(rows)) : Optional.<StoredHook>empty();
            }
          }
        });
  }

  /** Revokes the channel's hook at {@code now}; false if it has no such live hook. */
  public CompletionStage<Boolean> revoke(String channelId, String hookId, long now) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE parley_hook SET revoked_at = ? WHERE hook_id = ? AND channel_id = ? AND revoked_at IS NULL")) {
            update.setLong(1, now);
            update.setString(2, hookId);
            update.setString(3, channelId);
            return update.executeUpdate() > 0;
          }
        });
  }

  private static StoredHook hook(ResultSet rows) throws SQLException {
    return new StoredHook(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getLong(6));
  }
}
