package dev.parley.node.net;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When the node's own sockets stop accepting new connections for a while: while {@code crowded}
 * says the node has more new sessions in hand than it gets through, new connections wait in the
 * kernel's backlog, where no timer of the node's runs for them, and the port looks again
 * {@code recheck} later. Accepting on the node's threads, as Pekko's listener does, already
 * slows accepts when those threads are behind; this says it outright for the auths waiting their
 * turn (docs/benchmarks.md, "Session 20").
 */
public record AcceptPause(BooleanSupplier crowded, Duration recheck) {
  /** Never pauses. */
  public static final AcceptPause NEVER = new AcceptPause(() -> false, Duration.ofSeconds(1));
}
