package dev.parley.node.read.directory;

import dev.parley.node.account.Account;
import dev.parley.node.read.JournalFollower;
import dev.parley.node.read.OrderingGaps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.pekko.serialization.Serialization;

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

  /**
   * @param applied account events read and applied in this step
   * @param more whether the step stopped at its batch size: the next may start at once
   * @param skipped gaps given up on in this step
   */
  record Progress(OrderingGaps gaps, int applied, boolean more, List<OrderingGaps.Gap> skipped) {}

  private final DataSource dataSource;
  private final JournalFollower journal;
  private final int batchSize;
  private final Clock clock;

  AccountProjector(DataSource dataSource, Serialization serialization, int batchSize, Clock clock) {
    this.dataSource = dataSource;
    this.journal = new JournalFollower(PROJECTION_NAME, Account.ENTITY_KEY.name(), serialization);
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
    long offset = journal.lockOffset(connection);
    List<Long> orderings = journal.orderingsAfter(connection, offset, batchSize);
    OrderingGaps.Advance advance = gaps.advance(offset, orderings, clock.millis());
    int applied = 0;
    if (advance.upTo() > offset) {
      applied = applyAccountEvents(connection, offset, advance.upTo());
      journal.storeOffset(connection, advance.upTo());
    }
    boolean more = orderings.size() == batchSize && advance.upTo() == orderings.get(orderings.size() - 1);
    return new Progress(advance.gaps(), applied, more, advance.skipped());
  }

  private int applyAccountEvents(Connection connection, long after, long upTo) throws SQLException {
    List<JournalFollower.Row<Account.Event>> events = journal.events(connection, after, upTo, Account.Event.class);
    try (AccountTable table = new AccountTable(connection)) {
      for (JournalFollower.Row<Account.Event> row : events) {
        table.apply(row.entityId(), row.event());
      }
    }
    return events.size();
  }
}
