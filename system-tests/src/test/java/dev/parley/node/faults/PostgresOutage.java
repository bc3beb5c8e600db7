package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/**
 * PostgreSQL unreachable: every packet to and from its port dropped for a while, so connections
 * neither work nor fail. Clients must get {@code unavailable} within the node's ask timeout, never
 * a hang, and nothing may be half-written.
 */
record PostgresOutage(Duration lasting, double maxReplyWaitMillis) implements Nemesis {

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    long at = System.nanoTime();
    cluster.firewall().blockPort(cluster.postgres().port());
    long endAt = at + lasting.toNanos();
    LocalCluster.awaitCondition(() -> System.nanoTime() >= endAt, lasting.plusSeconds(5), "the outage to last " + lasting);
    cluster.firewall().heal();
    Recovery.awaitServing(traffic, at, "the PostgreSQL outage");
    return Strike.at(at, "PostgreSQL port dropped for " + lasting.toSeconds() + "s");
  }
}
