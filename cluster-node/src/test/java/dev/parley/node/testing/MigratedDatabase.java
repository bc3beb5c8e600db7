package dev.parley.node.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.DataSources;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.Dialect;
import dev.parley.persistence.Migrations;
import dev.parley.persistence.testing.TestDatabases;
import java.nio.file.Path;

/** An empty database of either dialect with Parley's schema, for tests below the node. */
public final class MigratedDatabase {
  private MigratedDatabase() {}

  /** The caller closes the pool. */
  public static HikariDataSource fresh(Dialect dialect, Path emptyDir) {
    DatabaseSettings settings = TestDatabases.fresh(dialect, emptyDir);
    HikariDataSource dataSource = DataSources.create(settings);
    try {
      Migrations.apply(dataSource, dialect);
      return dataSource;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }
}
