package dev.parley.node.faults;

import dev.parley.node.testing.Traffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The other faults one after another, chosen at random, at random intervals, until the run's time
 * is up; the cluster is healed after each.
 */
record Mixed(List<Nemesis> faults, Duration lasting, Duration maxInterval) implements Nemesis {
  private static final int ACKS_BETWEEN = 50;
  private static final int ACKS_TIMEOUT_SECONDS = 90;

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    long endAt = System.nanoTime() + lasting.toNanos();
    List<Fault> done = new ArrayList<>();
    while (System.nanoTime() < endAt) {
      Nemesis fault = faults.get(cluster.random().nextInt(faults.size()));
      Strike strike = fault.strike(cluster, traffic);
      done.addAll(strike.faults());
      cluster.heal();
      // Every channel serves again before the next fault, or that fault's stall would be counted
      // from an ack before this one (a SIGSTOP right after a PostgreSQL outage "took" 16 s).
      Recovery.awaitServing(traffic, System.nanoTime(), "healing " + strike.details());
      traffic.awaitMoreAcks(ACKS_BETWEEN, ACKS_TIMEOUT_SECONDS);
      FaultCluster.pause(Duration.ofMillis(cluster.random().nextLong(maxInterval.toMillis() + 1)));
    }
    return new Strike(List.copyOf(done), done.size() + " faults: " + String.join("; ", done.stream().map(Fault::details).toList()));
  }

  @Override
  public double maxReplyWaitMillis() {
    return faults.stream().mapToDouble(Nemesis::maxReplyWaitMillis).max().orElse(Double.POSITIVE_INFINITY);
  }
}
