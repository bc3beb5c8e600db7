package dev.parley.node.directory;

import dev.parley.node.account.Account;
import dev.parley.node.search.OrderingGaps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import scala.util.Try;

/**
 * One step of the account projection, in one database transaction: read the journal rows after
 * the stored offset, apply the account events among them to {@code parley_account}
 * ({@link AccountTable}), store the new offset, commit. It reads the journal as the search
 * projection does (by global {@code ordering}, untagged, waiting at gaps with {@link OrderingGaps});
 * its offset starts at 0, so the accounts registered before the table existed are listed too.
 */
final class AccountProjector {

  /** The row of this projection in {@code parley_projection_offset}. */
  static final String PROJECTION_NAME = "accounts";

  private static final String ACCOUNT_ROWS = Account.ENTITY_KEY.name() + PersistenceId.DefaultSeparator() + "%";

  /**
   * @param applied account events read and applied in this step
   * @param more whether the step stopped at its batch size: the next may start at once
   * @param skipped gaps given up on in this step
   */
  record Progress(OrderingGaps gaps, int applied, boolean more, List<OrderingGaps.Gap> skipped) {}

  private final DataSource dataSource;
  private final Serialization serialization;
  private final int batchSize;
  private final Clock clock;

  AccountProjector(DataSource dataSource, Serialization serialization, int batchSize, Clock clock) {
    this.dataSource = dataSource;
    this.serialization = serialization;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  Progress step(OrderingGaps gaps) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        Progress progress = step(connection, gaps);
        connection.commit();
        return progress;
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private Progress step(Connection connection, OrderingGaps gaps) throws SQLException {
    long offset = lockOffset(connection);
    List<Long> orderings = orderingsAfter(connection, offset);
    OrderingGaps.Advance advance = gaps.advance(offset, orderings, clock.millis());
    int applied = 0;
    if (advance.upTo() > offset) {
      applied = applyAccountEvents(connection, offset, advance.upTo());
      storeOffset(connection, advance.upTo());
    }
    boolean more = orderings.size() == batchSize && advance.upTo() == orderings.get(orderings.size() - 1);
    return new Progress(advance.gaps(), applied, more, advance.skipped());
  }

  private long lockOffset(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT last_ordering FROM parley_projection_offset WHERE projection_name = ? FOR UPDATE")) {
      select.setString(1, PROJECTION_NAME);
      try (ResultSet rows = select.executeQuery()) {
        if (rows.next()) {
          return rows.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO parley_projection_offset (projection_name, last_ordering) VALUES (?, 0)")) {
      insert.setString(1, PROJECTION_NAME);
      insert.executeUpdate();
    }
    return 0;
  }

  private List<Long> orderingsAfter(Connection connection, long offset) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"ordering\" FROM \"event_journal\" WHERE \"ordering\" > ? ORDER BY \"ordering\" LIMIT ?")) {
      select.setLong(1, offset);
      select.setInt(2, batchSize);
      List<Long> orderings = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          orderings.add(rows.getLong(1));
        }
      }
      return orderings;
    }
  }

  private int applyAccountEvents(Connection connection, long after, long upTo) throws SQLException {
    int applied = 0;
    try (AccountTable table = new AccountTable(connection);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT \"ordering\", \"persistence_id\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\""
                    + " FROM \"event_journal\""
                    + " WHERE \"ordering\" > ? AND \"ordering\" <= ? AND \"persistence_id\" LIKE ?"
                    + " ORDER BY \"ordering\"")) {
      select.setLong(1, after);
      select.setLong(2, upTo);
      select.setString(3, ACCOUNT_ROWS);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String username = PersistenceId.extractEntityId(rows.getString(2));
          Try<Object> event = serialization.deserialize(rows.getBytes(5), rows.getInt(3), rows.getString(4));
          if (event.isFailure()) {
            // Retried until a node that can read it (a newer version) runs the projection.
            throw new IllegalStateException(
                "cannot read the journal event at ordering " + rows.getLong(1) + ": " + event.failed().get().getMessage());
          }
          table.apply(username, (Account.Event) event.get());
          applied++;
        }
      }
    }
    return applied;
  }

  private void storeOffset(Connection connection, long offset) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE parley_projection_offset SET last_ordering = ? WHERE projection_name = ?")) {
      update.setLong(1, offset);
      update.setString(2, PROJECTION_NAME);
      update.executeUpdate();
    }
  }
}
