package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.testing.TestNode;
import dev.parley.persistence.DataSources;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.protocol.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the journal of today's version as a fixture that every later version must replay
 * ({@link JournalReplayTest}); run by hand once per release (docs/upgrading.md):
 *
 * <pre>
 * mvn -B -q test -pl cluster-node -am -Dtest=JournalFixtureWriter -Dsurefire.failIfNoSpecifiedTests=false -Dparley.fixture.write=true
 * </pre>
 *
 * It plays {@link FixtureStory} on a node with a fresh H2 database, records the facts, exports the
 * journal to {@code src/test/resources/journal-fixtures/<date>-<version>/} (or {@code
 * -Dparley.fixture.name=...}), then replays it as a later version would. An existing fixture is
 * never written over.
 */
@EnabledIfSystemProperty(named = "parley.fixture.write", matches = "true")
class JournalFixtureWriter {
  static final Path FIXTURES = Path.of("src/test/resources/journal-fixtures");

  /**
   * Small snapshot intervals, so that every entity type writes snapshots while some entities of
   * each type have none; a short in-memory window, so that old history is read from the journal;
   * no grace for a refresh token spent twice, so that the reuse is caught at once.
   */
  private static final Map<String, Object> GENERATOR_ONLY =
      Map.of(
          "parley.account.snapshot-every", 4,
          "parley.user-session.snapshot-every", 8,
          "parley.workspace.snapshot-every", 8,
          "parley.channel.snapshot-every", 20,
          "parley.channel.recent-events", 30,
          "parley.auth.refresh-reuse-grace", "0s");

  @Test
  void writesTodaysJournalAsAFixture() throws IOException {
    String name = System.getProperty("parley.fixture.name", LocalDate.now(ZoneOffset.UTC) + "-" + BuildInfo.CURRENT.version());
    Path dir = FIXTURES.resolve(name);
    assertFalse(Files.exists(dir), dir + " exists: fixtures are never written over, name a new one with -Dparley.fixture.name");

    Map<String, Object> config = replayConfig();
    Map<String, Object> generator = new HashMap<>(config);
    generator.putAll(GENERATOR_ONLY);
    Facts facts;
    Path dataDir;
    try (TestNode node = TestNode.startH2(generator);
        FixtureWorld world = new FixtureWorld(node)) {
      FixtureStory.play(world);
      facts = FixtureRecorder.record(world, config);
      dataDir = node.dataDir();
    }

    Files.createDirectories(dir);
    try (HikariDataSource database = DataSources.create(DatabaseSettings.embedded(dataDir))) {
      JournalTables.export(database, dir);
    }
    JsonNode census = JournalTables.census(JournalTables.events(dir), JournalTables.snapshots(dir));
    Set<String> snapshotted = new TreeSet<>();
    census.properties().forEach(type -> {
      if (type.getValue().path("snapshots").asInt() > 0) {
        snapshotted.add(type.getKey());
      }
    });
    assertEquals(new TreeSet<>(JournalReplay.ENTITY_TYPES), snapshotted, "entity types with snapshots");
    FixtureRecorder.withCensus(facts, census).write(dir);

    JournalReplay.replay(dir);
  }

  /**
   * What the node replaying the fixture needs: the secret that signed the recorded refresh
   * tokens, and lifetimes that outlast any release cycle, so that they are still live then.
   */
  private static Map<String, Object> replayConfig() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Map<String, Object> config = new TreeMap<>();
    config.put("parley.auth.token-secret", Base64.getEncoder().encodeToString(secret));
    config.put("parley.auth.refresh-token-ttl", "36500d");
    config.put("parley.auth.session-max-age", "36500d");
    return config;
  }
}
