package dev.parley.node.read;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import scala.util.Try;

/**
 * What a projection that follows the journal by global {@code ordering} does on its transaction's
 * connection: lock and store its offset in {@code parley_projection_offset}, list the orderings
 * after it, and read one entity type's events in a range. Every projection follows the journal this
 * way ({@link ProjectionStep}), each under its own name.
 */
public final class JournalFollower {

  /** An event of the journal, with the id of the entity that wrote it. */
  public record Row<E>(String entityId, E event) {}

  private final String projectionName;
  private final String persistenceIds;
  private final Serialization serialization;

  /** @param entityTypeName the sharded entity type whose events {@link #events} reads */
  public JournalFollower(String projectionName, String entityTypeName, Serialization serialization) {
    this.projectionName = projectionName;
    this.persistenceIds = entityTypeName + PersistenceId.DefaultSeparator() + "%";
    this.serialization = serialization;
  }

  /** The stored offset, locked until the transaction ends (0, stored, the first time). */
  public long lockOffset(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT last_ordering FROM parley_projection_offset WHERE projection_name = ? FOR UPDATE")) {
      select.setString(1, projectionName);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          return rows.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_projection_offset (projection_name, last_ordering) VALUES (?, 0)")) {
      insert.setString(1, projectionName);
      insert.executeUpdate();
    }
    return 0;
  }

  public void storeOffset(Connection connection, long offset) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE parley_projection_offset SET last_ordering = ? WHERE projection_name = ?")) {
      update.setLong(1, offset);
      update.setString(2, projectionName);
      update.executeUpdate();
    }
  }

  /** Up to {@code limit} orderings of every entity type after {@code offset}, in order. */
  public List<Long> orderingsAfter(Connection connection, long offset, int limit) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"ordering\" FROM \"event_journal\" WHERE \"ordering\" > ? ORDER BY \"ordering\" LIMIT ?")) {
      select.setLong(1, offset);
      select.setInt(2, limit);
      List<Long> orderings = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          orderings.add(rows.getLong(1));
        }
      }
      return orderings;
    }
  }

  /** The entity type's events with an ordering in ({@code after}, {@code upTo}], in order. */
  public <E> List<Row<E>> events(Connection connection, long after, long upTo, Class<E> type) throws SQLException {
    return events(connection, after, upTo, type, Set.of());
  }

  /**
   * As {@link #events(Connection, long, long, Class)}, but only events of the classes in {@code
   * only} (none: all): the others are not read or deserialized. A journal row's manifest is its
   * event's class name (docs/upgrading.md), so the database does the filtering.
   */
  public <E> List<Row<E>> events(Connection connection, long after, long upTo, Class<E> type, Set<Class<? extends E>> only)
      throws SQLException {
    List<String> manifests = only.stream().map(Class::getName).sorted().toList();
    String ofClasses = manifests.isEmpty() ? "" : " AND \"event_ser_manifest\" IN (" + String.join(", ", Collections.nCopies(manifests.size(), "?")) + ")";
    List<Row<E>> events = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"ordering\", \"persistence_id\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\""
                + " FROM \"event_journal\""
                + " WHERE \"ordering\" > ? AND \"ordering\" <= ? AND \"persistence_id\" LIKE ?"
                + ofClasses
                + " ORDER BY \"ordering\"")) {
      select.setLong(1, after);
      select.setLong(2, upTo);
      select.setString(3, persistenceIds);
      for (int i = 0; i < manifests.size(); i++) {
        select.setString(4 + i, manifests.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String entityId = PersistenceId.extractEntityId(rows.getString(2));
          Try<Object> event = serialization.deserialize(rows.getBytes(5), rows.getInt(3), rows.getString(4));
          if (event.isFailure()) {
            // Retried until a node that can read it (a newer version) runs the projection.
            throw new IllegalStateException(
                "cannot read the journal event at ordering " + rows.getLong(1) + ": " + event.failed().get().getMessage());
          }
          events.add(new Row<>(entityId, type.cast(event.get())));
        }
      }
    }
    return events;
  }
}
