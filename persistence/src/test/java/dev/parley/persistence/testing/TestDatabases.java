package dev.parley.persistence.testing;

import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import java.nio.file.Path;

/** An empty database of either dialect, for tests that must pass on both. */
public final class TestDatabases {

  private TestDatabases() {}

  /**
   * @param emptyDir where an H2 database keeps its file: an empty directory of the test's own, such
   *     as a JUnit {@code @TempDir}; unused for PostgreSQL
   */
  public static DatabaseSettings fresh(Dialect dialect, Path emptyDir) {
    return switch (dialect) {
      case H2 -> DatabaseSettings.embedded(emptyDir);
      case POSTGRES -> PostgresTestServer.freshDatabase();
    };
  }
}
