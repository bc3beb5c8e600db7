package dev.parley.node.subscriptions;

import dev.parley.node.PooledJdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The event subscriptions in {@code parley_subscription}, shared by every node, as the ops see
 * them: made, listed, resumed, removed. A removed subscription keeps its row (with {@code
 * removed_at}) and loses its pending deliveries. JDBC blocks: each call runs on {@code blocking}.
 */
public final class SubscriptionStore {
  static final String COLUMNS = "subscription_id, workspace_id, url, events, created_by, created_at, status, failures, last_error";
  /** How many {@link #COLUMNS} names: a query's own columns come after them. */
  static final int COLUMN_COUNT = 9;
  /** How {@code events} holds the list. */
  private static final String EVENT_SEPARATOR = ",";

  private final PooledJdbc jdbc;

  public SubscriptionStore(DataSource dataSource, Executor blocking) {
    this.jdbc = new PooledJdbc(dataSource, blocking);
  }

  public CompletionStage<StoredSubscription> insert(StoredSubscription subscription, String secret) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement("INSERT INTO parley_subscription (" + COLUMNS + ", secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, subscription.subscriptionId());
            insert.setString(2, subscription.workspaceId());
            insert.setString(3, subscription.url());
            insert.setString(4, String.join(EVENT_SEPARATOR, subscription.events()));
            insert.setString(5, subscription.createdBy());
            insert.setLong(6, subscription.createdAt());
            insert.setString(7, subscription.status().name());
            insert.setInt(8, subscription.failures());
            insert.setString(9, subscription.lastError());
            insert.setString(10, secret);
            insert.executeUpdate();
            return subscription;
          }
        });
  }

  /** The workspace's subscriptions that are not removed, oldest first. */
  public CompletionStage<List<StoredSubscription>> listed(String workspaceId) {
    return jdbc.run(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM parley_subscription WHERE workspace_id = ? AND removed_at IS NULL"
                      + " ORDER BY created_at, subscription_id")) {
            select.setString(1, workspaceId);
            List<StoredSubscription> subscriptions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                subscriptions.add(subscription(rows));
              }
            }
            return subscriptions;
          }
        });
  }

  /** Removes the workspace's subscription at {@code now}, with its pending deliveries; false if it has no such one. */
  public CompletionStage<Boolean> remove(String workspaceId, String subscriptionId, long now) {
    return jdbc.inTransaction(
        connection -> {
          try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE parley_subscription SET removed_at = ? WHERE subscription_id = ? AND workspace_id = ? AND removed_at IS NULL");
              PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_subscription_delivery WHERE subscription_id = ?")) {
            update.setLong(1, now);
            update.setString(2, subscriptionId);
            update.setString(3, workspaceId);
            boolean removed = update.executeUpdate() > 0;
            delete.setString(1, subscriptionId);
            delete.executeUpdate();
            return removed;
          }
        });
  }

  /**
   * Resumes the workspace's subscription at {@code now} if it is disabled: active, no failures,
   * sent the events posted from {@code now} on; a delivery still queued from before is dropped with
   * the rest of its past. Empty if it has no such subscription; else it as it is now.
   */
  public CompletionStage<Optional<Resumed>> enable(String workspaceId, String subscriptionId, long now) {
    return jdbc.inTransaction(
        connection -> {
          try (PreparedStatement update =
                  connection.prepareStatement(
                      "UPDATE parley_subscription SET status = 'ACTIVE', failures = 0, failing_since = NULL, resumed_at = ?"
                          + " WHERE subscription_id = ? AND workspace_id = ? AND removed_at IS NULL AND status = 'DISABLED'");
              PreparedStatement delete = connection.prepareStatement("DELETE FROM parley_subscription_delivery WHERE subscription_id = ?");
              PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT " + COLUMNS + " FROM parley_subscription WHERE subscription_id = ? AND workspace_id = ? AND removed_at IS NULL")) {
            update.setLong(1, now);
            update.setString(2, subscriptionId);
            update.setString(3, workspaceId);
            boolean resumed = update.executeUpdate() > 0;
            if (resumed) {
              delete.setString(1, subscriptionId);
              delete.executeUpdate();
            }
            select.setString(1, subscriptionId);
            select.setString(2, workspaceId);
            Optional<Resumed> found;
            try (ResultSet rows = select.executeQuery()) {
              found = rows.next() ? Optional.of(new Resumed(subscription(rows), resumed)) : Optional.empty();
            }
            return found;
          }
        });
  }

  /** A subscription after {@link #enable}: {@code resumed} if it was disabled until then. */
  public record Resumed(StoredSubscription subscription, boolean resumed) {}

  /** A row selected with {@link #COLUMNS} first. */
  static StoredSubscription subscription(ResultSet rows) throws SQLException {
    return new StoredSubscription(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        Arrays.asList(rows.getString(4).split(EVENT_SEPARATOR)),
        rows.getString(5),
        rows.getLong(6),
        StoredSubscription.Status.valueOf(rows.getString(7)),
        rows.getInt(8),
        rows.getString(9));
  }
}
