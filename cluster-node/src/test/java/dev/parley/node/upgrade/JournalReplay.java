package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.testing.TestNode;
import dev.parley.persistence.DataSources;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import scala.util.Try;

/**
 * What a later version does with a fixture: a fresh database at today's schema, the fixture's
 * rows in it, a node on it, and the fixture's facts checked over the wire.
 */
final class JournalReplay {
  /** Every entity type keeps snapshots, so every snapshot format is read back. */
  static final Set<String> ENTITY_TYPES = Set.of("Account", "UserSession", "Workspace", "Channel");

  /** The projection reads often and the checks may search as often as they need. */
  private static final Map<String, Object> FAST_SEARCH =
      Map.of(
          "parley.search.poll-interval", "100ms",
          "parley.search.queries-per-minute", 60_000,
          "parley.search.queries-burst", 1000);

  private JournalReplay() {}

  static void replay(Path fixture) {
    Facts facts = Facts.read(fixture);
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("parley-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (HikariDataSource database = DataSources.create(DatabaseSettings.embedded(dataDir))) {
      Migrations.apply(database, Dialect.H2);
      JournalTables.load(fixture, database);
    }
    Map<String, Object> config = new HashMap<>(facts.config());
    config.putAll(FAST_SEARCH);
    try (TestNode node = TestNode.startH2At(dataDir, TestNode.freePort(), config)) {
      assertEveryRowReads(node, fixture);
      FixtureChecks.check(node, facts);
    }
  }

  /**
   * Each event and snapshot deserializes with today's classes. Recovery reads only the newest
   * snapshot and the events after it, and history only some ranges: this reads the rest.
   */
  private static void assertEveryRowReads(TestNode node, Path fixture) {
    Serialization serialization = SerializationExtension.get(node.system().classicSystem());
    List<String> unreadable = new ArrayList<>();
    Set<String> snapshotted = new TreeSet<>();
    for (JournalTables.Event event : JournalTables.events(fixture)) {
      Try<Object> read = serialization.deserialize(event.bytes(), event.serializerId(), event.manifest());
      if (read.isFailure()) {
        unreadable.add(event.persistenceId() + " event " + event.sequenceNumber() + " (" + event.manifest() + "): " + read.failed().get());
      }
    }
    for (JournalTables.Snapshot snapshot : JournalTables.snapshots(fixture)) {
      snapshotted.add(JournalTables.entityType(snapshot.persistenceId()));
      Try<Object> read = serialization.deserialize(snapshot.bytes(), snapshot.serializerId(), snapshot.manifest());
      if (read.isFailure()) {
        unreadable.add(
            snapshot.persistenceId() + " snapshot " + snapshot.sequenceNumber() + " (" + snapshot.manifest() + "): " + read.failed().get());
      }
    }
    assertEquals(List.of(), unreadable, "rows today's version cannot read");
    assertEquals(new TreeSet<>(ENTITY_TYPES), snapshotted, "entity types with snapshots in the fixture");
  }
}
