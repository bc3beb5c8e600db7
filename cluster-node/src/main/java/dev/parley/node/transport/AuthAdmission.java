package dev.parley.node.transport;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The node's bound on {@code auth}s under way at once ({@code parley.connection.auths-at-once}); the
 * others wait their turn in arrival order. An auth asks the user's session and each of the user's
 * channels, each ask with the node's ask timeout: in a storm of new sessions (every client of a
 * restarted node reconnecting elsewhere) hundreds of them at once queued in the same entities and
 * journal until the asks timed out and the clients were told {@code unavailable}, to come back and
 * add to the storm. Bounded, the auths under way finish within the timeout and the rest wait
 * before their asks start (docs/benchmarks.md, "Session 19", has what that did to such a storm).
 */
public final class AuthAdmission {
  private final int limit;
  private final int crowdedAt;
  private final Executor executor;
  private final AtomicInteger running = new AtomicInteger();
  private final Queue<Waiting<?>> waiting = new ConcurrentLinkedQueue<>();
  /** The queue's length, which the queue itself only counts by walking it. */
  private final AtomicInteger waitingCount = new AtomicInteger();

  /**
   * {@code executor} starts each admitted auth, so a release never runs the next one on its stack;
   * with {@code crowdedAt} auths waiting, the node is {@link #crowded}.
   */
  public AuthAdmission(int limit, int crowdedAt, Executor executor) {
    if (limit < 1) {
      throw new IllegalArgumentException("auths-at-once must be at least 1, not " + limit);
    }
    if (crowdedAt < 1) {
      throw new IllegalArgumentException("auths-waiting-to-pause-accepting must be at least 1, not " + crowdedAt);
    }
    this.limit = limit;
    this.crowdedAt = crowdedAt;
    this.executor = executor;
  }

  /**
   * So many auths wait that a new connection would only wait behind them, with its clock running:
   * the node's own sockets then leave new connections in the kernel's backlog until it is not.
   */
  public boolean crowded() {
    return waitingCount.get() >= crowdedAt;
  }

  /**
   * Runs {@code auth} once fewer than the limit are under way; its answer. One whose connection is
   * closing by its turn ({@code wanted} false) is skipped and never answered, as nobody waits for
   * it: in a storm, waiters whose clients gave up would otherwise take the turns of those still there.
   */
  <T> CompletionStage<T> admit(BooleanSupplier wanted, Supplier<CompletionStage<T>> auth) {
    Waiting<T> entry = new Waiting<>(wanted, auth, new CompletableFuture<>());
    waitingCount.incrementAndGet();
    waiting.add(entry);
    drain();
    return entry.answer;
  }

  /** Auths under way now. */
  int running() {
    return running.get();
  }

  private void drain() {
    while (true) {
      int now = running.get();
      if (now >= limit) {
        return;
      }
      if (!running.compareAndSet(now, now + 1)) {
        continue;
      }
      Waiting<?> next = waiting.poll();
      if (next == null) {
        running.decrementAndGet();
        // An auth added between the poll and the decrement saw the slot taken and left it to us.
        if (waiting.isEmpty()) {
          return;
        }
        continue;
      }
      waitingCount.decrementAndGet();
      if (!next.wanted.getAsBoolean()) {
        running.decrementAndGet();
        continue;
      }
      executor.execute(() -> start(next));
    }
  }

  private <T> void start(Waiting<T> entry) {
    CompletionStage<T> answer;
    try {
      answer = entry.auth.get();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.whenComplete(
        (value, failure) -> {
          running.decrementAndGet();
          drain();
          if (failure == null) {
            entry.answer.complete(value);
          } else {
            entry.answer.completeExceptionally(failure);
          }
        });
  }

  private record Waiting<T>(BooleanSupplier wanted, Supplier<CompletionStage<T>> auth, CompletableFuture<T> answer) {}
}
