package dev.parley.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date at start-up. Every node runs this: on PostgreSQL, Flyway holds an
 * advisory lock while it migrates, so nodes starting together apply each migration once and the
 * others wait and find nothing left to do.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Applies the migrations this database has not had yet.
   *
   * @param dataSource must be able to lend two connections at once (see {@link
   *     DatabaseSettings#MIN_POOL_SIZE})
   * @return how many were applied; 0 when the schema was already current
   */
  public static int apply(DataSource dataSource, Dialect dialect) {
    MigrateResult result =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(dialect.migrationLocation())
            // Otherwise a jar that lost its scripts would migrate nothing and report success.
            .failOnMissingLocations(true)
            .load()
            .migrate();
    // Flyway reports a target version only when it applied something.
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion;
    LOG.info(
        "Database schema ({}): {} migration(s) applied, now at version {}",
        dialect,
        result.migrationsExecuted,
        version);
    return result.migrationsExecuted;
  }
}
