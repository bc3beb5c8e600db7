package dev.parley.node.gateway;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.impl.engine.ws.FrameStart;

/**
 * The frames one socket is to write: offered by its {@link Outbox} on any thread, taken by the
 * socket's {@link FrameLayer} on the stream's. Bounded, so that a client that does not read costs
 * a fixed amount of memory. The writer is woken once per burst, not once per frame: an offer wakes
 * it only if no wake is on its way already.
 */
final class FrameQueue {

  enum Offered {
    QUEUED,
    /** The queue is full: the client is not reading. */
    FULL,
    /** The socket is closing or closed. */
    CLOSED
  }

  private final int capacity;
  private final Queue<FrameStart> frames = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private volatile Runnable writer;
  private volatile boolean closed;

  FrameQueue(int capacity) {
    this.capacity = capacity;
  }

  Offered offer(FrameStart frame) {
    if (closed) {
      return Offered.CLOSED;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return Offered.FULL;
    }
    frames.add(frame);
    // After the add: a writer attached meanwhile polls after attaching, so it sees the frame.
    Runnable current = writer;
    if (current != null && wakePending.compareAndSet(false, true)) {
      current.run();
    }
    return Offered.QUEUED;
  }

  /** No more frames; those queued are still written, then the socket closes. */
  void complete() {
    closed = true;
    finished.complete(null);
  }

  /** No more frames, and those queued are dropped: a client too slow, or a socket gone. */
  void discard() {
    closed = true;
    frames.clear();
    size.set(0);
    finished.complete(null);
  }

  /** Completes once no more frames will be offered: the socket's close handshake may begin. */
  CompletionStage<Void> finished() {
    return finished;
  }

  int size() {
    return size.get();
  }

  // The writer's side

  /** {@code wake} is called, on an offerer's thread, when frames arrive after the writer went idle. */
  void attach(Runnable wake) {
    writer = wake;
  }

  /** The writer took its wake-up; call before polling, so that a later offer wakes it again. */
  void awake() {
    wakePending.set(false);
  }

  FrameStart poll() {
    FrameStart frame = frames.poll();
    if (frame != null) {
      size.decrementAndGet();
    }
    return frame;
  }
}
