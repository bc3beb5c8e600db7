package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {

  /** pekko-persistence-jdbc's tables, created with quoted lower-case names on both databases. */
  private static final List<String> PLUGIN_TABLES =
      List.of("event_journal", "event_tag", "snapshot", "durable_state");

  /** Parley's own tables, created with unquoted names. */
  private static final List<String> PARLEY_TABLES =
      List.of("parley_setting", "parley_search_channel", "parley_search_message", "parley_projection_offset", "parley_hook",
          "parley_subscription", "parley_subscription_delivery", "parley_subscription_bot_member");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void createsTheSchemaOnAnEmptyDatabaseAndThenHasNothingLeftToDo(Dialect dialect)
      throws SQLException {
    DatabaseSettings settings = TestDatabases.fresh(dialect, tempDir);
    try (HikariDataSource dataSource = DataSources.create(settings)) {
      int applied = Migrations.apply(dataSource, dialect);

      assertTrue(applied > 0, "applied " + applied);
      assertEquals(
          applied,
          SqlCount.of(
              dataSource,
              "SELECT COUNT(*) FROM \"flyway_schema_history\""
                  + " WHERE \"success\" AND \"version\" IS NOT NULL"));
      for (String table : PLUGIN_TABLES) {
        assertEquals(0, SqlCount.of(dataSource, "SELECT COUNT(*) FROM \"" + table + "\""), table);
      }
      for (String table : PARLEY_TABLES) {
        assertEquals(0, SqlCount.of(dataSource, "SELECT COUNT(*) FROM " + table), table);
      }

      assertEquals(0, Migrations.apply(dataSource, dialect));
    }
  }
}
