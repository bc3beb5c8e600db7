package dev.parley.node.read;

import dev.parley.node.PooledJdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/**
 * One step of a projection that follows the journal ({@link JournalFollower}), in one database
 * transaction: lock the offset, look at the orderings after it, advance as far as {@link
 * OrderingGaps} allows, hand the events up to there to the projection, store the new offset,
 * commit. The offset and what the projection writes change together or not at all, so every event
 * is applied exactly once, whatever fails or restarts in between; the locked offset row makes a
 * second projection that overlaps the first (a node handing over) wait and go on from its offset.
 */
public final class ProjectionStep {

  /** What the projection does with the events in ({@code after}, {@code upTo}], on the step's connection. */
  public interface Events {
    /** @return how many events it applied */
    int apply(Connection connection, long after, long upTo, long nowMillis) throws SQLException;
  }

  /** More read in the same transaction, once the offset is stored. */
  public interface Then<P> {
    P after(Connection connection, Advanced advanced) throws SQLException;
  }

  /**
   * @param offset the last journal ordering projected, after this step
   * @param applied events applied in this step
   * @param more whether the step stopped at its batch size rather than at the end of the journal or
   *     at a gap: the next step may start at once
   * @param skipped gaps given up on in this step
   */
  public record Advanced(OrderingGaps gaps, long offset, int applied, boolean more, List<OrderingGaps.Gap> skipped)
      implements ProjectionRunner.Progress {}

  private final DataSource dataSource;
  private final JournalFollower journal;
  private final int batchSize;
  private final Clock clock;

  public ProjectionStep(DataSource dataSource, JournalFollower journal, int batchSize, Clock clock) {
    this.dataSource = dataSource;
    this.journal = journal;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  public Advanced run(OrderingGaps gaps, Events events) throws SQLException {
    return run(gaps, events, (connection, advanced) -> advanced);
  }

  public <P> P run(OrderingGaps gaps, Events events, Then<P> then) throws SQLException {
    return inTransaction(connection -> then.after(connection, advance(connection, gaps, events)));
  }

  /** {@code work} in a transaction of its own: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(PooledJdbc.Work<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return PooledJdbc.transaction(connection, work);
    }
  }

  private Advanced advance(Connection connection, OrderingGaps gaps, Events events) throws SQLException {
    long offset = journal.lockOffset(connection);
    List<Long> orderings = journal.orderingsAfter(connection, offset, batchSize);
    long now = clock.millis();
    OrderingGaps.Advance advance = gaps.advance(offset, orderings, now);
    int applied = 0;
    if (advance.upTo() > offset) {
      applied = events.apply(connection, offset, advance.upTo(), now);
      journal.storeOffset(connection, advance.upTo());
    }
    boolean more = orderings.size() == batchSize && advance.upTo() == orderings.get(orderings.size() - 1);
    return new Advanced(advance.gaps(), advance.upTo(), applied, more, advance.skipped());
  }
}
