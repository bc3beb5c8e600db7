package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

  @Test
  void embeddedIsAnH2FileUnderTheAbsoluteDataDirThatWritesThrough() {
    Path dataDir = Path.of("data", "..", "node-data");
    DatabaseSettings settings = DatabaseSettings.embedded(dataDir);
    assertEquals(
        "jdbc:h2:file:" + Path.of("node-data").toAbsolutePath() + "/parley;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        settings.url());
    assertEquals(Dialect.H2, settings.dialect());
  }

  @Test
  void ofDetectsTheDialect() {
    DatabaseSettings settings = DatabaseSettings.of("jdbc:postgresql://db/parley", "u", "p", 8);
    assertEquals(Dialect.POSTGRES, settings.dialect());
    assertEquals(8, settings.poolSize());
  }

  @Test
  void refusesADialectThatDoesNotMatchTheUrl() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DatabaseSettings("jdbc:postgresql://db/parley", "u", "p", Dialect.H2, 2));
  }

  @Test
  void refusesAPoolTooSmallToMigrateThrough() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DatabaseSettings.of("jdbc:postgresql://db/parley", "u", "p", 1));
  }

  @Test
  void toStringLeavesOutThePasswordEvenWhenTheUrlCarriesIt() {
    String postgres =
        DatabaseSettings.of("jdbc:postgresql://db/p?password=hunter2&ssl=true", "u", "s3cret", 2)
            .toString();
    String h2 =
        DatabaseSettings.of("jdbc:h2:mem:x;PASSWORD=hunter2;WRITE_DELAY=0", "u", "s3cret", 2)
            .toString();
    for (String text : new String[] {postgres, h2}) {
      assertFalse(text.contains("hunter2"), text);
      assertFalse(text.contains("s3cret"), text);
    }
    assertTrue(postgres.contains("ssl=true"), postgres);
    assertTrue(h2.contains("WRITE_DELAY=0"), h2);
  }
}
