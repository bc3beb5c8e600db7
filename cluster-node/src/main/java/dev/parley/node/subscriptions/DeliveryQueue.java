package dev.parley.node.subscriptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries still to be made ({@code parley_subscription_delivery}) and what their attempts
 * do to their subscription's standing, on the caller's connection: a success removes the delivery
 * and clears the subscription's failures; a failure counts one, schedules the next attempt, and
 * disables the subscription once it failed {@code disable-after.failures} times in a row over at
 * least {@code disable-after.period}, dropping its pending deliveries.
 */
final class DeliveryQueue {
  /** A delivery due now, with what signing and sending it needs. */
  record Due(String subscriptionId, String workspaceId, String url, String secret, String eventId, String body, int attempts) {
    @Override
    public String toString() {
      return "Due[" + subscriptionId + ", " + eventId + ", attempts=" + attempts + "]";
    }
  }

  /** A subscription that failed for too long, just disabled; {@code createdBy}: who made it. */
  record Disabled(String subscriptionId, String workspaceId, String url, String createdBy, int failures, String lastError) {}

  /** Longer errors are cut: the column's width. */
  private static final int MAX_ERROR_CHARS = 250;

  private final SubscriptionSettings settings;

  DeliveryQueue(SubscriptionSettings settings) {
    this.settings = settings;
  }

  /** Queues the event for the subscription, once (a step applied again after a failed commit adds nothing). */
  void add(Connection connection, String subscriptionId, String eventId, String body, long now) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_subscription_delivery (subscription_id, event_id, body, attempts, next_attempt_at)"
                + " SELECT ?, ?, ?, 0, ? FROM (VALUES (0)) AS one(x) WHERE NOT EXISTS"
                + " (SELECT 1 FROM parley_subscription_delivery d WHERE d.subscription_id = ? AND d.event_id = ?)")) {
      insert.setString(1, subscriptionId);
      insert.setString(2, eventId);
      insert.setString(3, body);
      insert.setLong(4, now);
      insert.setString(5, subscriptionId);
      insert.setString(6, eventId);
      insert.executeUpdate();
    }
  }

  /** Up to {@code limit} deliveries of active subscriptions whose attempt is due, the longest due first. */
  List<Due> due(Connection connection, long now, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT s.subscription_id, s.workspace_id, s.url, s.secret, d.event_id, d.body, d.attempts"
                + " FROM parley_subscription_delivery d JOIN parley_subscription s ON s.subscription_id = d.subscription_id"
                + " WHERE d.next_attempt_at <= ? AND s.status = 'ACTIVE' AND s.removed_at IS NULL"
                + " ORDER BY d.next_attempt_at LIMIT ?")) {
      select.setLong(1, now);
      select.setInt(2, limit);
      List<Due> due = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          due.add(new Due(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6), rows.getInt(7)));
        }
      }
      return due;
    }
  }

  void succeeded(Connection connection, Due delivery) throws SQLException {
    execute(connection, "DELETE FROM parley_subscription_delivery WHERE subscription_id = ? AND event_id = ?", delivery.subscriptionId(), delivery.eventId());
    execute(
        connection,
        "UPDATE parley_subscription SET failures = 0, failing_since = NULL WHERE subscription_id = ? AND status = 'ACTIVE'",
        delivery.subscriptionId());
  }

  /** Counts the failure; the subscription if this one disabled it. */
  Optional<Disabled> failed(Connection connection, Due delivery, String error, long now) throws SQLException {
    String lastError = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
    int attempts = delivery.attempts() + 1;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE parley_subscription_delivery SET attempts = ?, next_attempt_at = ? WHERE subscription_id = ? AND event_id = ?")) {
      update.setInt(1, attempts);
      update.setLong(2, now + settings.retryAfter(attempts).toMillis());
      update.setString(3, delivery.subscriptionId());
      update.setString(4, delivery.eventId());
      update.executeUpdate();
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE parley_subscription SET failures = failures + 1, failing_since = COALESCE(failing_since, ?), last_error = ?"
                + " WHERE subscription_id = ? AND status = 'ACTIVE'")) {
      update.setLong(1, now);
      update.setString(2, lastError);
      update.setString(3, delivery.subscriptionId());
      update.executeUpdate();
    }
    try (PreparedStatement disable =
        connection.prepareStatement(
            "UPDATE parley_subscription SET status = 'DISABLED' WHERE subscription_id = ? AND status = 'ACTIVE'"
                + " AND removed_at IS NULL AND failures >= ? AND failing_since <= ?")) {
      disable.setString(1, delivery.subscriptionId());
      disable.setInt(2, settings.disableAfterFailures());
      disable.setLong(3, now - settings.disableAfter().toMillis());
      if (disable.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    execute(connection, "DELETE FROM parley_subscription_delivery WHERE subscription_id = ?", delivery.subscriptionId());
    try (PreparedStatement select =
        connection.prepareStatement("SELECT failures, created_by FROM parley_subscription WHERE subscription_id = ?")) {
      select.setString(1, delivery.subscriptionId());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return Optional.of(
            new Disabled(delivery.subscriptionId(), delivery.workspaceId(), delivery.url(), rows.getString(2), rows.getInt(1), lastError));
      }
    }
  }

  private static void execute(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
