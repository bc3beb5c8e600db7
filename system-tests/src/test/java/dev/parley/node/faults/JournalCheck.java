package dev.parley.node.faults;

import dev.parley.persistence.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the journal itself and looks for the marks two writers of one persistence id would leave:
 * a hole or a repeat in its sequence numbers, or a writer that wrote again after another writer
 * had taken over (each incarnation of an entity writes under a writer id of its own).
 */
final class JournalCheck {
  private static final String QUERY =
      "SELECT persistence_id, sequence_number, writer FROM event_journal ORDER BY persistence_id, sequence_number";

  private JournalCheck() {}

  /** Every problem found, empty when each persistence id had one writer at a time. */
  static List<String> problems(DatabaseSettings database) {
    List<String> problems = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        PreparedStatement statement = connection.prepareStatement(QUERY)) {
      connection.setAutoCommit(false);
      statement.setFetchSize(1000);
      try (ResultSet rows = statement.executeQuery()) {
        String id = null;
        long expected = 0;
        String writer = null;
        Set<String> finishedWriters = new HashSet<>();
        while (rows.next()) {
          String rowId = rows.getString(1);
          long seq = rows.getLong(2);
          String rowWriter = rows.getString(3);
          if (!rowId.equals(id)) {
            id = rowId;
            expected = seq;
            writer = rowWriter;
            finishedWriters.clear();
          }
          if (seq != expected) {
            problems.add(id + ": sequence number " + seq + " where " + expected + " was next");
          }
          expected = seq + 1;
          if (!rowWriter.equals(writer)) {
            finishedWriters.add(writer);
            if (finishedWriters.contains(rowWriter)) {
              problems.add(id + ": writer " + rowWriter + " wrote seq " + seq + " after another writer took over");
            }
            writer = rowWriter;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the journal", e);
    }
    return problems;
  }
}
