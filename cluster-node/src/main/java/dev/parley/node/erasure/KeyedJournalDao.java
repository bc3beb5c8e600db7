package dev.parley.node.erasure;

import dev.parley.node.channel.MessageKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables.JournalPekkoSerializationRow;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.runtime.BoxedUnit;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's journal, writing the message keys of the posts in each batch of events
 * (handed over by their channels through {@link KeyHandOff}) in the same transaction as the
 * events. A key thus never exists without its post nor a post without its key, and a post costs
 * no transaction of its own for its key: before, a separate key write ahead of every journal
 * write cost about 180 us of CPU per post and a round trip of latency (docs/benchmarks.md).
 * Configured as {@code jdbc-journal.dao}.
 */
public final class KeyedJournalDao extends DefaultJournalDao {
  private final KeyHandOff handOff;

  public KeyedJournalDao(
      JdbcBackend.JdbcDatabaseDef db,
      JdbcProfile profile,
      JournalConfig journalConfig,
      Serialization serialization,
      ExecutionContext ec,
      Materializer mat) {
    super(db, profile, journalConfig, serialization, ec, mat);
    this.handOff = KeyHandOff.get(mat.system());
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalPekkoSerializationRow, Set<String>>> rows) {
    List<MessageKey> keys = new ArrayList<>();
    rows.foreach(
        row -> {
          MessageKey key = handOff.take(row._1().persistenceId(), row._1().sequenceNumber());
          if (key != null) {
            keys.add(key);
          }
          return BoxedUnit.UNIT;
        });
    if (keys.isEmpty()) {
      return super.writeJournalRows(rows);
    }
    DBIOAction events = queries().writeJournalRows(rows, ec());
    DBIOAction withKeys =
        events.andThen(
            SimpleJdbcAction.apply(
                context -> {
                  try {
                    KeyTable.insert(((JdbcBackend.JdbcActionContext) context).connection(), keys);
                  } catch (SQLException e) {
                    throw new KeyWriteFailed(e);
                  }
                  return BoxedUnit.UNIT;
                }));
    Future<Object> written = db().run(profile().api().jdbcActionExtensionMethods(withKeys).transactionally());
    return written.map(done -> BoxedUnit.UNIT, ExecutionContext.parasitic$.MODULE$);
  }

  /** The key rows of a batch could not be inserted: the whole transaction, events included, is rolled back. */
  static final class KeyWriteFailed extends RuntimeException {
    KeyWriteFailed(SQLException cause) {
      super("message keys could not be written", cause);
    }
  }
}
