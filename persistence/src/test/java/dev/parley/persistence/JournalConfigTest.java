package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JournalConfigTest {

  private static final List<String> PLUGINS =
      List.of("jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal");

  private static final String DB = "pekko-persistence-jdbc.shared-databases.slick.db";

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void pointsEveryPluginAtOneSharedDatabaseOfTheDialect(Dialect dialect) {
    DatabaseSettings settings =
        switch (dialect) {
          case H2 -> DatabaseSettings.of("jdbc:h2:mem:journal-config", "sa", "", 3);
          case POSTGRES -> DatabaseSettings.of("jdbc:postgresql://db/parley", "parley", "pw", 3);
        };
    Config config =
        JournalConfig.forDatabase(settings).withFallback(ConfigFactory.load()).resolve();

    assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
    assertEquals(
        "jdbc-snapshot-store", config.getString("pekko.persistence.snapshot-store.plugin"));
    for (String plugin : PLUGINS) {
      // The plugin's own reference.conf defines the section: the names here are the plugin's.
      assertTrue(config.hasPath(plugin + ".class"), plugin);
      assertEquals("slick", config.getString(plugin + ".use-shared-db"), plugin);
    }
    assertEquals(
        dialect.slickProfile(),
        config.getString("pekko-persistence-jdbc.shared-databases.slick.profile"));
    assertEquals(settings.url(), config.getString(DB + ".url"));
    assertEquals(settings.user(), config.getString(DB + ".user"));
    assertEquals(settings.password(), config.getString(DB + ".password"));
    assertEquals(dialect.driverClass(), config.getString(DB + ".driver"));
    assertEquals(3, config.getInt(DB + ".numThreads"));
    assertEquals(3, config.getInt(DB + ".maxConnections"));
    assertEquals(3, config.getInt(DB + ".minConnections"));
    assertEquals(
        JournalConfig.DEFAULT_CONNECTION_TIMEOUT, config.getDuration(DB + ".connectionTimeout"));
    assertEquals(JournalConfig.DEFAULT_PARALLELISM, config.getInt("jdbc-journal.parallelism"));
  }

  @Test
  void takesTheJournalTuningAsParameters() {
    DatabaseSettings settings = DatabaseSettings.of("jdbc:h2:mem:journal-config", "sa", "", 3);
    Config config = JournalConfig.forDatabase(settings, 4, Duration.ofSeconds(7));

    assertEquals(4, config.getInt("jdbc-journal.parallelism"));
    assertEquals(Duration.ofSeconds(7), config.getDuration(DB + ".connectionTimeout"));
  }
}
