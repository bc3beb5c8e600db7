package dev.parley.node.net;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When the node's own sockets stop accepting new connections for a while: while {@code crowded}
 * says the node has more new sessions in hand than it gets through, new connections wait in the
 * kernel's backlog, where no timer of the node's runs for them, and the port looks again
 * {@code recheck} later. Pekko's binding slows its accepts under load by running them on the
 * node's busy threads; this is that, said outright (docs/benchmarks.md, "Session 20").
 */
public record AcceptPause(BooleanSupplier crowded, Duration recheck) {
  /** Never pauses. */
  public static final AcceptPause NEVER = new AcceptPause(() -> false, Duration.ofSeconds(1));
}
