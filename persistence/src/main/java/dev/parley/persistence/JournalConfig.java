package dev.parley.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration that points pekko-persistence-jdbc at Parley's database. It is an overlay: put
 * it in front of the application's configuration with {@code withFallback}. The journal, the
 * snapshot store and the read journal share one Slick database (one pool), configured once under
 * {@code pekko-persistence-jdbc.shared-databases.slick}.
 *
 * <p>The durable-state store is left unconfigured: Parley's entities are event sourced, and in
 * pekko-persistence-jdbc 1.1.1 its writes do not work on H2 (they name the table unquoted, so H2
 * looks for {@code DURABLE_STATE} while the plugin's own schema creates {@code "durable_state"}).
 *
 * <p>The overlay contains the database password: render or log it only with that in mind.
 */
public final class JournalConfig {

  /**
   * Measured on PostgreSQL (docs/stack.md): one batch insert in flight at a time lets the journal gather
   * ~50 events per commit instead of ~8, with less CPU and no loss of throughput.
   */
  public static final int DEFAULT_PARALLELISM = 1;

  /**
   * How long the journal waits for a free connection before failing the write. The plugin's default
   * of three minutes would hold a persisting entity (and its callers) that long.
   */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** The name the journal pool's threads and metrics carry, set apart from the application's. */
  public static final String POOL_NAME = "parley-journal";

  private static final String SHARED_DB = "slick";
  private static final String SHARED_DB_PATH =
      "pekko-persistence-jdbc.shared-databases." + SHARED_DB;

  private JournalConfig() {}

  public static Config forDatabase(DatabaseSettings settings) {
    return forDatabase(settings, DEFAULT_PARALLELISM, DEFAULT_CONNECTION_TIMEOUT);
  }

  /**
   * @param parallelism how many batch inserts the journal may run at once
   * @param connectionTimeout how long a journal query waits for a connection from the pool
   */
  public static Config forDatabase(
      DatabaseSettings settings, int parallelism, Duration connectionTimeout) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("pekko.persistence.journal.plugin", "jdbc-journal");
    values.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
    values.put("jdbc-journal.use-shared-db", SHARED_DB);
    values.put("jdbc-journal.parallelism", parallelism);
    values.put("jdbc-snapshot-store.use-shared-db", SHARED_DB);
    values.put("jdbc-read-journal.use-shared-db", SHARED_DB);
    values.put(SHARED_DB_PATH + ".profile", settings.dialect().slickProfile());
    values.put(SHARED_DB_PATH + ".db.url", settings.url());
    values.put(SHARED_DB_PATH + ".db.user", settings.user());
    values.put(SHARED_DB_PATH + ".db.password", settings.password());
    values.put(SHARED_DB_PATH + ".db.driver", settings.dialect().driverClass());
    values.put(SHARED_DB_PATH + ".db.poolName", POOL_NAME);
    settings.dialect().driverProperties().forEach((key, value) -> values.put(SHARED_DB_PATH + ".db.properties." + key, value));
    // Slick runs each query on one of its threads holding one connection: equal sizes, or
    // threads would wait for connections (or connections sit unused).
    values.put(SHARED_DB_PATH + ".db.numThreads", settings.poolSize());
    values.put(SHARED_DB_PATH + ".db.maxConnections", settings.poolSize());
    values.put(SHARED_DB_PATH + ".db.minConnections", settings.poolSize());
    values.put(SHARED_DB_PATH + ".db.connectionTimeout", connectionTimeout.toMillis());
    return ConfigFactory.parseMap(values, "Parley journal configuration");
  }
}
