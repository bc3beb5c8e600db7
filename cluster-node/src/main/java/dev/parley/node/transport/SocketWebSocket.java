package dev.parley.node.transport;

import dev.parley.node.net.SocketTakeover;
import dev.parley.node.net.SocketWriter;
import dev.parley.node.net.TakenSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.util.ByteString;
import scala.concurrent.ExecutionContextExecutor;

/**
 * One WebSocket on a socket the node took over from Pekko HTTP ({@link SocketTakeover}): the
 * protocol {@link WebSocketProtocol} runs on Pekko's binding, without a stream. The selector's
 * thread reads the client's frames ({@link FrameReader}, {@link InboundAssembler}) and hands each
 * message to the {@link Connection} when it has credit; the socket's writer, on whichever thread
 * drains it, takes a pong or keep-alive ping first, then the {@link FrameQueue}'s frames, then,
 * once the queue is finished and written, the close frame carrying the connection's {@link
 * CloseRequest}. An idle socket costs this object, its reader and its timer; no actor, no stream.
 *
 * <p>The reading side's state is guarded by this object's lock, which the writer's side never
 * takes: a thread draining the writer may hold a lock of its own ({@link SocketWriter}).
 */
final class SocketWebSocket implements SocketTakeover.Owner, SocketWriter.Frames {
  /**
   * The timers' settings and where they run.
   *
   * @param keepAlive zero: no keep-alive pings
   * @param idleTimeout null: an idle socket stays open
   */
  record Timing(Scheduler scheduler, ExecutionContextExecutor executor, Duration closeGrace, Duration keepAlive, Duration idleTimeout) {}

  private enum CloseState {
    NONE,
    /** Taken for writing. */
    TAKEN,
    WRITTEN
  }

  private final FrameQueue frames;
  private final CloseRequest closeRequest;
  private final InboundCredit credit;
  private final ActorRef<Connection.Command> connection;
  private final InboundAssembler assembler;
  private final FrameReader reader = new FrameReader();
  private final Timing timing;
  /** A pong or keep-alive ping, written before any queued frame; a newer pong replaces an older. */
  private final AtomicReference<ByteBuffer> control = new AtomicReference<>();
  /** The close frame; the first one chosen is the one sent. */
  private final AtomicReference<ByteBuffer> closeFrame = new AtomicReference<>();

  // Guarded by this
  private TakenSocket socket;
  /** A message read while the connection had no credit: reading waits until it is handed over. */
  private Inbound held;
  /** Bytes read after {@link #held}, read on once it is handed over. */
  private ByteBuffer unread;
  private boolean closing;
  private boolean closeSent;
  private boolean peerClosed;
  private boolean ended;
  /** A control frame went out since the keep-alive timer last looked. */
  private boolean wrote;
  private long lastActive;
  private Cancellable timer;

  // The draining thread's
  private CloseState closeState = CloseState.NONE;

  SocketWebSocket(
      FrameQueue frames,
      CloseRequest closeRequest,
      InboundCredit credit,
      ActorRef<Connection.Command> connection,
      int frameLimit,
      Timing timing) {
    this.frames = frames;
    this.closeRequest = closeRequest;
    this.credit = credit;
    this.connection = connection;
    this.assembler = new InboundAssembler(frameLimit);
    this.timing = timing;
  }

  @Override
  public void take(TakenSocket taken) {
    synchronized (this) {
      socket = taken;
      lastActive = System.nanoTime();
      Duration tick = timing.keepAlive().isZero() ? timing.idleTimeout() : timing.keepAlive();
      if (tick != null) {
        timer = timing.scheduler().scheduleWithFixedDelay(tick, tick, this::tick, timing.executor());
      }
    }
    credit.attach(this::credited);
    frames.writeDirectly(taken.writer());
    frames.finished().thenRun(taken.writer()::drain);
    taken.start(this::readable, this::end);
    taken.writer().attach(this);
  }

  @Override
  public void notTaken() {
    frames.discard();
    connection.tell(Connection.SocketClosed.INSTANCE);
  }

  /** On the selector's thread: the socket has something to read. */
  private synchronized void readable() {
    if (ended || held != null) {
      return;
    }
    ByteBuffer buffer = socket.readBuffer();
    int n;
    try {
      n = socket.read(buffer);
    } catch (IOException e) {
      end();
      return;
    }
    if (n < 0) {
      end();
      return;
    }
    lastActive = System.nanoTime();
    buffer.flip();
    if (!readFrames(buffer)) {
      unread = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
      return;
    }
    if (!ended) {
      socket.readWhenReady();
    }
  }

  /** Credit came back, on the connection's thread: the held message goes, and reading goes on. */
  private synchronized void credited() {
    if (ended || held == null || !handOver()) {
      return;
    }
    ByteBuffer rest = unread;
    unread = null;
    if (rest != null && !readFrames(rest)) {
      unread = rest;
      return;
    }
    if (!ended) {
      socket.readWhenReady();
    }
  }

  /** Acts on the frames in {@code bytes}; false when a message is held for want of credit. */
  private boolean readFrames(ByteBuffer bytes) {
    InboundAssembler.Result result;
    while (!ended && (result = reader.next(bytes, assembler)) != null) {
      if (result instanceof InboundAssembler.Message message) {
        held = message.inbound();
        if (!handOver()) {
          return false;
        }
      } else if (result instanceof InboundAssembler.Ping ping) {
        if (!closing) {
          sendControl(PekkoFrames.wire(PekkoFrames.pong(ping.payload())), true);
        }
      } else if (result instanceof InboundAssembler.Close close) {
        peerClosed(close);
      } else if (result instanceof InboundAssembler.Violation violation) {
        closeRequest.request(violation.code(), violation.reason());
        close(PekkoFrames.close(violation.code(), violation.reason()));
      }
    }
    return true;
  }

  private boolean handOver() {
    if (closing) {
      held = null;
      return true;
    }
    if (!credit.take()) {
      return false;
    }
    connection.tell(new Connection.Received(held));
    held = null;
    return true;
  }

  private void peerClosed(InboundAssembler.Close close) {
    peerClosed = true;
    if (closeSent) {
      end();
      return;
    }
    close(closeRequest.frameOr(close.code(), close.reason()));
  }

  /** Sends a close frame now, after a control frame waiting, and drops the frames queued. */
  private void close(FrameStart frame) {
    closing = true;
    closeFrame.compareAndSet(null, PekkoFrames.wire(frame));
    frames.discard();
    socket.writer().drain();
  }

  private void sendControl(ByteBuffer frame, boolean replace) {
    if (replace) {
      control.set(frame);
    } else if (!control.compareAndSet(null, frame)) {
      return;
    }
    wrote = true;
    lastActive = System.nanoTime();
    socket.writer().drain();
  }

  /**
   * On the keep-alive period (or the idle timeout's, with no keep-alive): a socket that neither read
   * nor wrote for the idle timeout is closed, as Pekko HTTP closes an idle connection, and one that
   * wrote no control frame since the last tick is pinged. Frames from the queue count for neither.
   */
  private synchronized void tick() {
    if (ended) {
      return;
    }
    Duration idle = timing.idleTimeout();
    if (idle != null && System.nanoTime() - lastActive >= idle.toNanos()) {
      end();
      return;
    }
    if (!timing.keepAlive().isZero() && !wrote && !closing) {
      sendControl(PekkoFrames.wire(PekkoFrames.ping(ByteString.emptyByteString())), false);
    }
    wrote = false;
  }

  /** Called by one draining thread at a time; never takes this object's lock. */
  @Override
  public ByteBuffer next() {
    if (closeState == CloseState.TAKEN) {
      // Asked again, so the close frame it took is written.
      closeState = CloseState.WRITTEN;
      timing.executor().execute(this::closeWritten);
      return null;
    }
    if (closeState == CloseState.WRITTEN) {
      return null;
    }
    ByteBuffer waiting = control.getAndSet(null);
    if (waiting != null) {
      return waiting;
    }
    ByteBuffer close = closeFrame.get();
    if (close == null) {
      OutFrame frame = frames.poll();
      if (frame != null) {
        return frame.wire();
      }
      if (!frames.isFinished() || frames.size() != 0) {
        return null;
      }
      closeFrame.compareAndSet(null, PekkoFrames.wire(closeRequest.frameOr(InboundAssembler.NORMAL, "")));
      close = closeFrame.get();
    }
    closeState = CloseState.TAKEN;
    return close;
  }

  private synchronized void closeWritten() {
    closing = true;
    closeSent = true;
    frames.discard();
    if (peerClosed) {
      end();
    } else if (!ended) {
      Cancellable previous = timer;
      if (previous != null) {
        previous.cancel();
      }
      timer = timing.scheduler().scheduleOnce(timing.closeGrace(), this::end, timing.executor());
    }
  }

  /** Closes the socket, once: the connection learns it is gone. */
  private synchronized void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (timer != null) {
      timer.cancel();
    }
    frames.discard();
    socket.close();
    connection.tell(Connection.SocketClosed.INSTANCE);
  }
}
