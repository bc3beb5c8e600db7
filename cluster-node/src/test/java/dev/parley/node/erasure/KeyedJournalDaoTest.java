package dev.parley.node.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.MessageKey;
import dev.parley.node.channel.MessageSeal;
import dev.parley.persistence.DataSources;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.JournalConfig;
import dev.parley.persistence.Migrations;
import dev.parley.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The journal writes a post's key in the transaction of the post's event, over a real database of
 * each dialect: the key is there once the event is, and a write the journal refuses (a second
 * writer of the same seq, as during a partition) leaves neither its event nor its key.
 */
class KeyedJournalDaoTest {
  private static final String CHANNEL = "c-keyed";

  @TempDir Path tempDir;

  private sealed interface Command {}

  /** Persists one event at the next sequence number, after staging the key sealed for it. */
  private record Append(String event, ActorRef<Long> persisted) implements Command {}

  /** Answers how many events the writer has, once it has recovered. */
  private record Written(ActorRef<Long> replyTo) implements Command {}

  private static Behavior<Command> writer(KeyHandOff handOff, List<MessageKey> keysUsed) {
    return new EventSourcedBehavior<Command, String, Long>(Channel.persistenceId(CHANNEL)) {
      @Override
      public Long emptyState() {
        return 0L;
      }

      @Override
      public CommandHandler<Command, String, Long> commandHandler() {
        return newCommandHandlerBuilder()
            .forAnyState()
            .onCommand(Written.class, (written, c) -> Effect().none().thenRun(now -> c.replyTo().tell(now)))
            .onCommand(
                Append.class,
                (written, c) -> {
                  MessageKey key = MessageSeal.newKey(CHANNEL, written, "u-ann", 1L, List.of());
                  keysUsed.add(key);
                  handOff.stage(persistenceId().id(), List.of(key));
                  return Effect().persist(c.event()).thenRun(next -> c.persisted().tell(next));
                })
            .build();
      }

      @Override
      public EventHandler<Long, String> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((written, event) -> written + 1);
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aKeyIsWrittenWithItsEventAndARefusedWriteLeavesNoKey(Dialect dialect) throws SQLException {
    DatabaseSettings settings = TestDatabases.fresh(dialect, tempDir);
    try (HikariDataSource db = DataSources.create(settings)) {
      Migrations.apply(db, dialect);
      Config config =
          JournalConfig.forDatabase(settings)
              .withFallback(ConfigFactory.parseString("jdbc-journal.dao = \"" + KeyedJournalDao.class.getName() + "\""))
              .withFallback(ConfigFactory.defaultReference())
              .resolve();
      ActorTestKit testKit = ActorTestKit.create("KeyedJournalDaoTest", config);
      try {
        KeyHandOff handOff = KeyHandOff.forJournalOf(testKit.system().classicSystem());
        TestProbe<Long> persisted = testKit.createTestProbe();
        List<MessageKey> first = new ArrayList<>();
        ActorRef<Command> owner = testKit.spawn(writer(handOff, first));
        owner.tell(new Append("one", persisted.ref()));
        assertEquals(1L, persisted.receiveMessage());
        assertEquals(List.of(first.get(0).keyId()), keyIds(db, 0));

        // A stale owner of the channel, recovered before the other's second write, decides the same seq.
        List<MessageKey> stale = new ArrayList<>();
        ActorRef<Command> staleOwner = testKit.spawn(writer(handOff, stale));
        staleOwner.tell(new Written(persisted.ref()));
        assertEquals(1L, persisted.receiveMessage());
        owner.tell(new Append("two", persisted.ref()));
        assertEquals(2L, persisted.receiveMessage());
        staleOwner.tell(new Append("two, again", persisted.ref()));
        persisted.expectTerminated(staleOwner);

        assertEquals(List.of(first.get(1).keyId()), keyIds(db, 1), "only the journaled event's key is stored for seq 1");
        assertEquals(2, count(db, "SELECT COUNT(*) FROM parley_message_key"));
        assertEquals(2, count(db, "SELECT COUNT(*) FROM \"event_journal\""));
      } finally {
        testKit.shutdownTestKit();
      }
    }
  }

  private static List<Long> keyIds(HikariDataSource db, long seq) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement statement = connection.prepareStatement("SELECT key_id FROM parley_message_key WHERE channel_id = ? AND seq = ?")) {
      statement.setString(1, CHANNEL);
      statement.setLong(2, seq);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      return ids;
    }
  }

  private static long count(HikariDataSource db, String sql) throws SQLException {
    try (Connection connection = db.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
