package dev.parley.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The application's own connection pool: settings, projections, read repositories. */
public final class DataSources {

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
    return new HikariDataSource(config);
  }
}
