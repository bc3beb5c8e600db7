package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;

/**
 * PostgreSQL unreachable: every packet to and from its port dropped for a while, so connections
 * neither work nor fail. Clients must get {@code unavailable} within the node's ask timeout, never
 * a hang (no post left without an answer past the writers' reply timeout, and UnderLoad checks the
 * longest wait), and nothing may be half-written. The scenario fails unless the outage was felt:
 * posts answered {@code unavailable} while it lasted.
 */
record PostgresOutage(Duration lasting, double maxReplyWaitMillis) implements Nemesis {
  private static final String UNAVAILABLE = "unavailable";
  private static final String NO_REPLY = "no-reply";

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    long unavailableBefore = traffic.answers().getOrDefault(UNAVAILABLE, 0L);
    long silentBefore = traffic.answers().getOrDefault(NO_REPLY, 0L);
    long at = System.nanoTime();
    cluster.firewall().blockPort(cluster.postgres().port());
    long endAt = at + lasting.toNanos();
    LocalCluster.awaitCondition(() -> System.nanoTime() >= endAt, lasting.plusSeconds(5), "the outage to last " + lasting);
    long unavailable = traffic.answers().getOrDefault(UNAVAILABLE, 0L) - unavailableBefore;
    long silent = traffic.answers().getOrDefault(NO_REPLY, 0L) - silentBefore;
    cluster.firewall().heal();
    if (unavailable == 0) {
      throw new AssertionError("no post was answered unavailable during the PostgreSQL outage: it did not take effect");
    }
    if (silent > 0) {
      throw new AssertionError(silent + " posts got no answer within " + Traffic.REPLY_TIMEOUT + " during the PostgreSQL outage: a node hung instead of answering unavailable");
    }
    Recovery.awaitServing(traffic, at, "the PostgreSQL outage");
    return Strike.at(at, "PostgreSQL port dropped for " + lasting.toSeconds() + "s; posts answered unavailable meanwhile " + unavailable);
  }
}
