package dev.parley.node.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread waiting for the readiness of every socket of the HTTP port. A ready socket's interest
 * is cleared and its owner told once; the owner asks again ({@link #interest}) when it has read or
 * written what it could, so a socket the node is not ready for costs no wake-ups.
 *
 * <p>Pekko's TCP layer does the same with an actor per connection: the selector tells the actor,
 * the actor reads and tells the stream, the stream tells the actor for every write and is told
 * back. Here the stream reads and writes the socket itself (docs/benchmarks.md, "Session 18").
 */
final class SelectorLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelectorLoop.class);

  private final Selector selector;
  private final Thread thread;
  /** The thread is in {@code select()} or about to be: a new interest needs a wake-up to be seen. */
  private final AtomicBoolean sleeping = new AtomicBoolean();
  private volatile boolean closed;

  SelectorLoop(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector", e);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Registers a channel with no interest yet; {@code ready} is called on this loop's thread with the ready operations. */
  SelectionKey register(SelectableChannel channel, IntConsumer ready) throws ClosedChannelException {
    return channel.register(selector, 0, ready);
  }

  /** From now on {@code ready} is told of the key's readiness, in place of whoever was. */
  void rebind(SelectionKey key, IntConsumer ready) {
    key.attach(ready);
  }

  /**
   * Adds {@code ops} to the key's interest. Since JDK 11 a change made while the thread selects takes
   * effect at its next select, so the thread is woken only if it may already be waiting.
   */
  void interest(SelectionKey key, int ops) {
    try {
      key.interestOpsOr(ops);
    } catch (CancelledKeyException e) {
      return;
    }
    wake();
  }

  /** Lets the thread see a change now: a closed channel's socket is only released at the next select. */
  void wake() {
    if (sleeping.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  private void run() {
    while (!closed) {
      try {
        sleeping.set(true);
        selector.select();
        sleeping.set(false);
        for (SelectionKey key : selector.selectedKeys()) {
          dispatch(key);
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          log.error("The HTTP port's selector failed; it goes on", e);
        }
      }
    }
  }

  private static void dispatch(SelectionKey key) {
    try {
      int ready = key.readyOps();
      key.interestOpsAnd(~ready);
      ((IntConsumer) key.attachment()).accept(ready);
    } catch (CancelledKeyException e) {
      // closed by its owner meanwhile: nothing is waiting for it
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join();
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.warn("Closing the HTTP port's selector failed", e);
    }
  }
}
