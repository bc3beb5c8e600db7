package dev.parley.persistence;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The databases Parley runs on. Everything that differs between them is here, so the rest of the
 * code has one path and the dialect is a matter of configuration.
 */
public enum Dialect {
  H2("jdbc:h2:", "org.h2.Driver", "slick.jdbc.H2Profile$", "classpath:db/migration/h2"),
  POSTGRES(
      "jdbc:postgresql:",
      "org.postgresql.Driver",
      "slick.jdbc.PostgresProfile$",
      "classpath:db/migration/postgres");

  /**
   * See {@link #driverProperties()}: far above any real gap inside one of Parley's transactions
   * (milliseconds between statements), above the longest GC pause a node survives without being
   * marked unreachable (~1.6 s), and short enough for failover. A node frozen between its journal
   * insert and its commit holds the row lock of the next sequence number, and the node that took
   * over the entity waits on it this long: with 5 s, every SIGSTOP of the fault suite's `pause`
   * stalled its channels ~5.1 s (PostgreSQL's lock view showed the survivors' inserts blocked on
   * the frozen session until the timeout ended it), whatever the cluster's own failover took.
   */
  public static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(2);

  private final String urlPrefix;
  private final String driverClass;
  private final String slickProfile;
  private final String migrationLocation;

  Dialect(String urlPrefix, String driverClass, String slickProfile, String migrationLocation) {
    this.urlPrefix = urlPrefix;
    this.driverClass = driverClass;
    this.slickProfile = slickProfile;
    this.migrationLocation = migrationLocation;
  }

  /**
   * The dialect of a JDBC URL. The URL may carry credentials, so an unsupported one is refused
   * without repeating it.
   */
  public static Dialect fromUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    for (Dialect dialect : values()) {
      if (jdbcUrl.startsWith(dialect.urlPrefix)) {
        return dialect;
      }
    }
    throw new IllegalArgumentException(
        "Unsupported database URL: expected one starting with "
            + H2.urlPrefix
            + " or "
            + POSTGRES.urlPrefix);
  }

  /**
   * Properties every connection is opened with. On PostgreSQL, a session that stays idle inside a
   * transaction is ended by the server after a few seconds: a node frozen mid-write (SIGSTOP, a
   * stalled VM) would otherwise hold its row locks forever and block the node that took over its
   * entities, whose journal then stalls behind the lock. Parley's transactions never idle.
   */
  public Map<String, String> driverProperties() {
    if (this == POSTGRES) {
      return Map.of("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
    }
    return Map.of();
  }

  public String driverClass() {
    return driverClass;
  }

  /** The Slick profile that pekko-persistence-jdbc needs for this database. */
  public String slickProfile() {
    return slickProfile;
  }

  /** Where this dialect's Flyway migrations are, as a Flyway location. */
  public String migrationLocation() {
    return migrationLocation;
  }
}
