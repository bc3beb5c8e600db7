package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.DedicatedPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the faults are done to: three node processes on 127.0.0.11-13, their own PostgreSQL server
 * (which a fault may restart or cut off), and the firewall on the loopback interface.
 */
final class FaultCluster implements AutoCloseable {
  /** Long enough for a node to start (JIT-cold on a loaded machine) and the cluster to settle. */
  private static final Duration HEAL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(200);
  /**
   * A reconnect storm's users hold many sessions each (tabs, devices); while a dead node's
   * connections await expiry they count twice, so the per-user limit is raised above the default.
   */
  private static final Map<String, Object> NODE_SETTINGS =
      Map.of(
          "parley.user-session.max-connections", 50,
          // The suite's clients log in once and never refresh, as no real client would run for an
          // hour; with the default 15 min the 1 h soak's clients were refused after a quarter of it.
          "parley.auth.access-token-ttl", "3h");

  private final DedicatedPostgres postgres;
  private final DatabaseSettings database;
  private final LocalCluster cluster;
  private final Firewall firewall;
  private final Random random;

  private FaultCluster(DedicatedPostgres postgres, DatabaseSettings database, LocalCluster cluster, Firewall firewall, Random random) {
    this.postgres = postgres;
    this.database = database;
    this.cluster = cluster;
    this.firewall = firewall;
    this.random = random;
  }

  static FaultCluster start(int nodes, long seed) {
    Firewall firewall = Firewall.open();
    DedicatedPostgres postgres = DedicatedPostgres.start();
    DatabaseSettings database = postgres.freshDatabase();
    return new FaultCluster(postgres, database, LocalCluster.start(nodes, database, NODE_SETTINGS), firewall, new Random(seed));
  }

  LocalCluster cluster() {
    return cluster;
  }

  DatabaseSettings database() {
    return database;
  }

  DedicatedPostgres postgres() {
    return postgres;
  }

  Firewall firewall() {
    return firewall;
  }

  Random random() {
    return random;
  }

  /** A node chosen at random among those alive. */
  int randomLiveNode() {
    List<Integer> live = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.node(i).isAlive()) {
        live.add(i);
      }
    }
    return live.get(random.nextInt(live.size()));
  }

  /** The addresses of every node but {@code index}. */
  List<String> hostsExcept(int index) {
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      if (i != index) {
        hosts.add(cluster.host(i));
      }
    }
    return hosts;
  }

  /**
   * Undoes every fault: the network is whole, dead nodes are started again, and every node sees all
   * of them Up. A node the cluster removed shuts itself down, and is then started again.
   */
  void heal() {
    firewall.heal();
    long deadline = System.nanoTime() + HEAL_TIMEOUT.toNanos();
    while (!wholeCluster()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the cluster did not heal within " + HEAL_TIMEOUT);
      }
      for (int i = 0; i < cluster.size(); i++) {
        if (!cluster.node(i).isAlive()) {
          cluster.startNode(i);
        }
      }
      pause(POLL);
    }
  }

  private boolean wholeCluster() {
    for (int i = 0; i < cluster.size(); i++) {
      if (!cluster.node(i).isAlive() || cluster.upMembers(i) != cluster.size()) {
        return false;
      }
    }
    return true;
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try (firewall;
        postgres) {
      cluster.close();
    }
  }
}
