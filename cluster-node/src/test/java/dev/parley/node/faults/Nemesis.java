package dev.parley.node.faults;

import dev.parley.node.testing.Traffic;
import java.util.List;

/**
 * Something bad done to the cluster under load. {@link #strike} does it, waits until the cluster
 * serves every channel again (or the fault is over), and reports when the harm began; the runner
 * then heals whatever is left broken and checks the history.
 */
interface Nemesis {

  /** When each fault began ({@link System#nanoTime()}) and what was done, for the report. */
  record Strike(List<Long> startedAtNanos, String details) {
    static Strike at(long startedAtNanos, String details) {
      return new Strike(List.of(startedAtNanos), details);
    }
  }

  Strike strike(FaultCluster cluster, Traffic traffic);

  /** The longest a client may wait for any answer under this fault; none when it may hang (SIGSTOP). */
  default double maxReplyWaitMillis() {
    return Double.POSITIVE_INFINITY;
  }
}
