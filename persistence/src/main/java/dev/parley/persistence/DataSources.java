package dev.parley.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The application's own connection pool: settings, projections, read repositories. */
public final class DataSources {

  /**
   * How long a caller waits for a connection: a health check or start-up should fail fast when
   * the database is unreachable, not after Hikari's default of 30 s.
   */
  public static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

  /** The name the pool's threads and metrics carry, set apart from the journal's pool. */
  public static final String POOL_NAME = "parley-app";

  private DataSources() {}

  /** A pool of up to {@link DatabaseSettings#poolSize()} connections; the caller closes it. */
  public static HikariDataSource create(DatabaseSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setDriverClassName(settings.dialect().driverClass());
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    settings.dialect().driverProperties().forEach(config::addDataSourceProperty);
    return new HikariDataSource(config);
  }
}
