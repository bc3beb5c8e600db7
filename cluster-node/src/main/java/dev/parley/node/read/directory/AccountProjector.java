package dev.parley.node.read.directory;

import dev.parley.node.account.Account;
import dev.parley.node.read.JournalFollower;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.ProjectionStep;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.pekko.serialization.Serialization;

/**
 * One step of the account projection ({@link ProjectionStep}): the account events after the stored
 * offset are applied to {@code parley_account} ({@link AccountTable}). It reads the journal as the
 * search projection does (by global {@code ordering}, untagged, waiting at gaps with {@link
 * OrderingGaps}); its offset starts at 0, so the accounts registered before the table existed are
 * listed too.
 */
final class AccountProjector {

  /** The row of this projection in {@code parley_projection_offset}. */
  static final String PROJECTION_NAME = "accounts";

  private final JournalFollower journal;
  private final ProjectionStep step;

  AccountProjector(DataSource dataSource, Serialization serialization, int batchSize, Clock clock) {
    this.journal = new JournalFollower(PROJECTION_NAME, Account.ENTITY_KEY.name(), serialization);
    this.step = new ProjectionStep(dataSource, journal, batchSize, clock);
  }

  /** {@code applied}: the account events read and applied. */
  ProjectionStep.Advanced step(OrderingGaps gaps) throws SQLException {
    return step.run(gaps, (connection, after, upTo, now) -> applyAccountEvents(connection, after, upTo));
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
