package dev.parley.node.faults;

import dev.parley.node.testing.Traffic;
import java.time.Instant;
import java.util.List;

/**
 * Something bad done to the cluster under load. {@link #strike} does it, waits until the cluster
 * serves every channel again (or the fault is over), and reports when the harm began; the runner
 * then heals whatever is left broken and checks the history.
 */
interface Nemesis {

  /**
   * One fault: when it began ({@link System#nanoTime()}), what was done (with the wall-clock time,
   * to find it in the node logs), and the longest any channel may then go without an ack.
   */
  record Fault(long startedAtNanos, String details, double maxStallMillis) {
    static Fault unbounded(long startedAtNanos, String details) {
      return new Fault(startedAtNanos, details, Double.POSITIVE_INFINITY);
    }

    /** A node failure, which the cluster must get over within {@link Recovery#FAILOVER_BOUND}. */
    static Fault failover(long startedAtNanos, String details) {
      return new Fault(startedAtNanos, details + " at " + Instant.now(), Recovery.FAILOVER_BOUND.toMillis());
    }
  }

  /** The faults done, in order, and what was done, for the report. */
  record Strike(List<Fault> faults, String details) {
    static Strike at(long startedAtNanos, String details) {
      return of(Fault.unbounded(startedAtNanos, details));
    }

    static Strike of(Fault fault) {
      return new Strike(List.of(fault), fault.details());
    }

    List<Long> startedAtNanos() {
      return faults.stream().map(Fault::startedAtNanos).toList();
    }
  }

  /** Sets the cluster up for the fault, before the load and its channels are created. */
  default void prepare(FaultCluster cluster) {}

  Strike strike(FaultCluster cluster, Traffic traffic);

  /** The longest a client may wait for any answer under this fault; none when it may hang (SIGSTOP). */
  default double maxReplyWaitMillis() {
    return Double.POSITIVE_INFINITY;
  }
}
