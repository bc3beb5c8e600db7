package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What one actor system writes through the JDBC plugins, configured by {@link JournalConfig} on the
 * schema of {@link Migrations}, the next actor system reads back.
 */
class JournalRoundTripTest {

  private static final List<String> LINES = List.of("first", "second", "third");

  /** Room for the first write of a JVM, which loads the plugin and opens its pool. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void eventsAndSnapshotsSurviveARestart(Dialect dialect) throws Exception {
    DatabaseSettings settings = TestDatabases.fresh(dialect, tempDir);
    try (HikariDataSource dataSource = DataSources.create(settings)) {
      Migrations.apply(dataSource, dialect);
      Config config = JournalConfig.forDatabase(settings).withFallback(ConfigFactory.load());

      ActorTestKit writer = ActorTestKit.create("writer", config);
      try {
        ActorRef<Notebook.Command> notebook = writer.spawn(Notebook.create("notebook-1"));
        TestProbe<Done> done = writer.createTestProbe();
        for (String line : LINES) {
          notebook.tell(new Notebook.Append(line, done.ref()));
          done.expectMessage(TIMEOUT, Done.getInstance());
        }
      } finally {
        writer.shutdownTestKit();
      }

      assertEquals(LINES.size(), SqlCount.of(dataSource, "SELECT COUNT(*) FROM \"event_journal\""));
      assertEquals(1, SqlCount.of(dataSource, "SELECT COUNT(*) FROM \"snapshot\""));

      ActorTestKit reader = ActorTestKit.create("reader", config);
      try {
        TestProbe<String> state = reader.createTestProbe();
        reader.spawn(Notebook.create("notebook-1")).tell(new Notebook.Read(state.ref()));
        state.expectMessage(TIMEOUT, String.join("\n", LINES));
      } finally {
        reader.shutdownTestKit();
      }
    }
  }
}
