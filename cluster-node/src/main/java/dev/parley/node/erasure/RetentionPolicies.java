package dev.parley.node.erasure;

import dev.parley.persistence.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Each workspace's retention ({@code workspace.retention}), in {@code parley_workspace_retention}:
 * where the sweep finds which workspaces erase old messages. The setting is the deployment's data
 * policy rather than workspace state that members see, so it lives beside the key table it acts on.
 */
public final class RetentionPolicies {

  /** A workspace that erases its messages older than {@code days}. */
  public record Policy(String workspaceId, int days) {}

  private final JdbcMessageKeys keys;
  private final Dialect dialect;

  public RetentionPolicies(JdbcMessageKeys keys, Dialect dialect) {
    this.keys = keys;
    this.dialect = dialect;
  }

  /** Sets the retention of {@code workspaceId}; 0 keeps its messages forever. */
  public CompletionStage<Void> set(String workspaceId, int days, String byUserId, long now) {
    String sql =
        switch (dialect) {
          case POSTGRES ->
              "INSERT INTO parley_workspace_retention (workspace_id, days, set_by, set_at) VALUES (?, ?, ?, ?)"
                  + " ON CONFLICT (workspace_id) DO UPDATE SET days = EXCLUDED.days, set_by = EXCLUDED.set_by,"
                  + " set_at = EXCLUDED.set_at";
          case H2 ->
              "MERGE INTO parley_workspace_retention (workspace_id, days, set_by, set_at) KEY (workspace_id) VALUES (?, ?, ?, ?)";
        };
    return keys.inTransaction(
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, workspaceId);
            statement.setInt(2, days);
            statement.setString(3, byUserId);
            statement.setLong(4, now);
            statement.executeUpdate();
          }
          return null;
        });
  }

  /** The workspaces with a retention, and the channels of each (as the search read side knows them). */
  CompletionStage<List<WorkspaceChannels>> due() {
    return keys.inTransaction(
        connection -> {
          List<WorkspaceChannels> due = new ArrayList<>();
          try (PreparedStatement policies =
                  connection.prepareStatement("SELECT workspace_id, days FROM parley_workspace_retention WHERE days > 0");
              ResultSet rows = policies.executeQuery()) {
            while (rows.next()) {
              due.add(new WorkspaceChannels(new Policy(rows.getString(1), rows.getInt(2)), new ArrayList<>()));
            }
          }
          try (PreparedStatement channels =
              connection.prepareStatement("SELECT channel_id FROM parley_search_channel WHERE workspace_id = ?")) {
            for (WorkspaceChannels workspace : due) {
              channels.setString(1, workspace.policy().workspaceId());
              try (ResultSet rows = channels.executeQuery()) {
                while (rows.next()) {
                  workspace.channelIds().add(rows.getString(1));
                }
              }
            }
          }
          return due;
        });
  }

  record WorkspaceChannels(Policy policy, List<String> channelIds) {}
}
