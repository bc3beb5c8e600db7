package dev.parley.node.management;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.parley.node.telemetry.Metrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import slick.jdbc.hikaricp.HikariCPJdbcDataSource;

/**
 * The node's two HikariCP pools, read from their MXBeans when Prometheus scrapes, labelled by pool
 * name: {@code parley-app} (search, settings, readiness) and {@code parley-journal} (the event
 * journal, behind Slick). HikariCP's own Prometheus tracker is written for the 0.x simpleclient, so
 * these read the pool directly. Registered once per JVM; they read whichever node started last in
 * this JVM (one, outside tests).
 */
final class PoolGauges {
  /** The journal plugin's configuration path, whose {@code use-shared-db} names the Slick database. */
  private static final String JOURNAL_PLUGIN = "jdbc-journal";

  private static volatile NodeState state;
  private static volatile ActorSystem system;
  /** Found on the first scrape after the journal's database exists. */
  private static volatile HikariDataSource journal;

  static {
    gauge("parley_db_pool_active_connections", "Connections in use", HikariPoolMXBean::getActiveConnections);
    gauge("parley_db_pool_idle_connections", "Connections open and idle", HikariPoolMXBean::getIdleConnections);
    gauge(
        "parley_db_pool_pending_threads",
        "Threads waiting for a connection (a pool too small or a slow database)",
        HikariPoolMXBean::getThreadsAwaitingConnection);
    GaugeWithCallback.builder()
        .name("parley_db_pool_max_connections")
        .help("Largest size of the connection pool")
        .labelNames("pool")
        .callback(cb -> pools().forEach(pool -> cb.call(pool.getMaximumPoolSize(), pool.getPoolName())))
        .register(Metrics.REGISTRY);
  }

  private PoolGauges() {}

  private static void gauge(String name, String help, ToIntFunction<HikariPoolMXBean> read) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help + ", by pool")
        .labelNames("pool")
        .callback(
            cb ->
                pools()
                    .forEach(
                        pool -> {
                          HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                          if (bean != null) {
                            cb.call(read.applyAsInt(bean), pool.getPoolName());
                          }
                        }))
        .register(Metrics.REGISTRY);
  }

  static void follow(NodeState nodeState, ActorSystem actorSystem) {
    state = nodeState;
    system = actorSystem;
    journal = null;
  }

  private static List<HikariDataSource> pools() {
    List<HikariDataSource> pools = new ArrayList<>(2);
    NodeState node = state;
    if (node != null && node.dataSource() instanceof HikariDataSource app) {
      pools.add(app);
    }
    HikariDataSource journalPool = journalPool();
    if (journalPool != null) {
      pools.add(journalPool);
    }
    return pools;
  }

  /** Null until the node started (its journal's database is made on first use). */
  private static HikariDataSource journalPool() {
    HikariDataSource found = journal;
    ActorSystem actorSystem = system;
    if (found != null || actorSystem == null || state.dataSource() == null) {
      return found;
    }
    SlickExtensionImpl slick = (SlickExtensionImpl) SlickExtension.get(actorSystem);
    if (slick.database(actorSystem.settings().config().getConfig(JOURNAL_PLUGIN)).database().source()
        instanceof HikariCPJdbcDataSource hikari) {
      found = hikari.ds();
      journal = found;
    }
    return found;
  }
}
