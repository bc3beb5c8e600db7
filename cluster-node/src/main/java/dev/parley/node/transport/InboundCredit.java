package dev.parley.node.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many read messages a socket may hand its {@link Connection} before the connection has taken
 * them: the socket reads no further while it has none, so a client that sends faster than its
 * requests are served is held back by TCP. The connection gives one back per message it took,
 * unless too many of its requests are in flight. The socket is woken only when it was waiting, so
 * the usual message costs no hand-off back to the socket.
 */
final class InboundCredit {
  private final AtomicInteger credit;
  private final AtomicBoolean waiting = new AtomicBoolean();
  private volatile Runnable wake = () -> {};

  InboundCredit(int window) {
    this.credit = new AtomicInteger(window);
  }

  /** {@code wake} runs, on the giver's thread, when credit comes back to a socket that ran out. */
  void attach(Runnable wake) {
    this.wake = wake;
  }

  /** Takes one credit; {@code false} if there is none, and the socket is woken when there is. */
  boolean take() {
    if (tryTake()) {
      return true;
    }
    waiting.set(true);
    // Credit given back between the failed take and the flag would wake nobody: look again.
    if (tryTake()) {
      waiting.set(false);
      return true;
    }
    return false;
  }

  void giveBack() {
    credit.incrementAndGet();
    if (waiting.compareAndSet(true, false)) {
      wake.run();
    }
  }

  private boolean tryTake() {
    for (int c = credit.get(); c > 0; c = credit.get()) {
      if (credit.compareAndSet(c, c - 1)) {
        return true;
      }
    }
    return false;
  }
}
