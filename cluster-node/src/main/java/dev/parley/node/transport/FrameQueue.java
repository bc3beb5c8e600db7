package dev.parley.node.transport;

import dev.parley.node.net.SocketWriter;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frames one socket is to write: offered by its {@link Outbox} on any thread, taken by the
 * socket's {@link WebSocketProtocol} on the stream's, or, on the node's own sockets, written by the
 * offering thread straight to the socket ({@link #writeDirectly}, {@link SocketWebSocket}). Bounded, so that a client that
 * does not read costs a fixed amount of memory. The writer is woken once per burst, not once per
 * frame: an offer wakes it only if no wake is on its way already.
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
  private final Queue<OutFrame> frames = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final AtomicBoolean roomWanted = new AtomicBoolean();
  private volatile Runnable writer;
  /** Set once the frames go straight to the socket: offering one then writes it. */
  private volatile SocketWriter direct;
  private volatile Runnable onRoom = () -> {};
  private volatile boolean closed;
  private volatile boolean discarded;

  FrameQueue(int capacity) {
    this.capacity = capacity;
  }

  int capacity() {
    return capacity;
  }

  Offered offer(OutFrame frame) {
    if (closed) {
      return Offered.CLOSED;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return Offered.FULL;
    }
    frames.add(frame);
    // After the add: a writer attached meanwhile polls after attaching, so it sees the frame.
    SocketWriter socket = direct;
    if (socket != null) {
      socket.drain();
      return Offered.QUEUED;
    }
    wakeWriter();
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
    // Before the clear: the writer polls as the clear runs, and must not write a frame from
    // behind those cleared (the client would see a seq skipped, not a closed socket).
    discarded = true;
    frames.clear();
    size.set(0);
    finished.complete(null);
  }

  /** Completes once no more frames will be offered: the socket's close handshake may begin. */
  CompletionStage<Void> finished() {
    return finished;
  }

  /** No more frames will be offered: once those queued are out, the socket closes. */
  boolean isFinished() {
    return closed;
  }

  int size() {
    return size.get();
  }

  /** {@code listener} runs once the writer has taken the queue down to a quarter of its capacity. */
  void onRoom(Runnable listener) {
    onRoom = listener;
  }

  /**
   * Asks for one call of the {@link #onRoom} listener once the queue is down to a quarter of its
   * capacity; {@code false} if it is already, and nothing will call: the caller goes on itself.
   */
  boolean wantRoom() {
    roomWanted.set(true);
    if (size.get() <= lowWater()) {
      // The writer may have passed the mark before it saw the wish: whoever clears it calls.
      return !roomWanted.compareAndSet(true, false);
    }
    return true;
  }

  private int lowWater() {
    return capacity / 4;
  }

  private void roomFreed() {
    if (roomWanted.get() && roomWanted.compareAndSet(true, false) && !closed) {
      onRoom.run();
    }
  }

  // The writer's side

  /** {@code wake} is called, on an offerer's thread, when frames arrive after the writer went idle. */
  void attach(Runnable wake) {
    writer = wake;
  }

  /**
   * From now on offering a frame drains {@code socket}'s writer, whose source ({@link
   * SocketWebSocket}) polls this queue, rather than waking the writer.
   */
  void writeDirectly(SocketWriter socket) {
    direct = socket;
  }

  private void wakeWriter() {
    Runnable current = writer;
    if (current != null && wakePending.compareAndSet(false, true)) {
      current.run();
    }
  }

  /** The writer took its wake-up; call before polling, so that a later offer wakes it again. */
  void awake() {
    wakePending.set(false);
  }

  OutFrame poll() {
    if (discarded) {
      return null;
    }
    OutFrame frame = frames.poll();
    if (frame == null || discarded) {
      return null;
    }
    if (size.decrementAndGet() <= lowWater()) {
      roomFreed();
    }
    return frame;
  }
}
