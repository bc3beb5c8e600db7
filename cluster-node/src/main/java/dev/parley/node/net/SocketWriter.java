package dev.parley.node.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * Everything written to one accepted socket, by one thread at a time: the bytes of its HTTP stream
 * ({@link SocketStage}) and, once the socket is taken over ({@link TakenSocket}), the frames of its
 * owner's {@link Frames} source, written straight from the thread that queued them. Writes never
 * block: what the socket's send buffer cannot take is parked and written when the {@link
 * SelectorLoop} says it has room, before anything else.
 *
 * <p>Whole elements are written in the order they are taken, so a frame is never interleaved with
 * another; the stream's bytes go before the source's frames, so the response that switched
 * protocols goes before the first frame.
 *
 * <p>One thread drains at a time without a lock (a work-in-progress counter): a thread that finds
 * another draining leaves its work to it, so a frame queued under a caller's lock never waits for
 * the socket, and a writer never calls back into a caller's lock while holding one of its own.
 */
public final class SocketWriter {
  /** Frames to write straight to the socket; called by one draining thread at a time. */
  public interface Frames {
    /** The next frame's bytes, or null when none is waiting. */
    ByteBuffer next();
  }

  private final SocketChannel channel;
  private final SelectorLoop loop;
  private final AtomicInteger work = new AtomicInteger();
  private volatile SelectionKey key;
  /** Told the number of each stream element written by a thread other than the one that gave it. */
  private volatile LongConsumer streamWritten;
  private volatile Runnable failed;
  private volatile Frames frames;
  /** The stream's element waiting to be written, and its number. */
  private volatile ByteBuffer[] streamBytes;
  private volatile long streamSeq;
  /** The thread inside {@link #writeFromStream}, which learns of its element's write from the call. */
  private volatile Thread streamWriter;
  private volatile long streamDone;
  /** The socket's send buffer was full; the selector says when it has room. */
  private volatile boolean blocked;
  private volatile boolean broken;
  // Touched by the draining thread only.
  private ByteBuffer[] parked;
  private long parkedStreamSeq;

  SocketWriter(SocketChannel channel, SelectorLoop loop) {
    this.channel = channel;
    this.loop = loop;
  }

  /** The stage's side, once it is registered with the selector; a socket's new owner's, once taken over. */
  void bind(SelectionKey key, LongConsumer streamWritten, Runnable failed) {
    this.key = key;
    this.streamWritten = streamWritten;
    this.failed = failed;
  }

  /** Frames to write from now on, straight from whichever thread calls {@link #drain}. */
  public void attach(Frames frames) {
    this.frames = frames;
    drain();
  }

  /**
   * Writes the stream's element number {@code seq} after what was given before; true if it is
   * written already, else {@code streamWritten} is told its number once it is.
   */
  boolean writeFromStream(ByteBuffer[] bytes, long seq) {
    streamSeq = seq;
    streamWriter = Thread.currentThread();
    streamBytes = bytes;
    drain();
    streamWriter = null;
    return streamDone == seq;
  }

  /** The socket has room again. */
  void writable() {
    blocked = false;
    drain();
  }

  /** Writes what waits, unless another thread is doing so, which then writes it too. */
  public void drain() {
    if (work.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      if (!blocked && !broken) {
        writeWhatWaits();
      }
      missed = work.addAndGet(-missed);
    } while (missed != 0);
  }

  private void writeWhatWaits() {
    try {
      while (true) {
        if (parked != null) {
          // One buffer, one write(2): a gathering write would copy it into buffers of its own first.
          if (parked.length == 1) {
            channel.write(parked[0]);
          } else {
            channel.write(parked);
          }
          if (remains(parked)) {
            // Before the interest: the selector may answer at once, and its answer must clear this.
            blocked = true;
            loop.interest(key, SelectionKey.OP_WRITE);
            return;
          }
          parked = null;
          if (parkedStreamSeq != 0) {
            streamElementWritten(parkedStreamSeq);
          }
          continue;
        }
        ByteBuffer[] next = streamBytes;
        if (next != null) {
          streamBytes = null;
          parkedStreamSeq = streamSeq;
        } else {
          Frames source = frames;
          ByteBuffer frame = source == null ? null : source.next();
          if (frame == null) {
            return;
          }
          next = new ByteBuffer[] {frame};
          parkedStreamSeq = 0;
        }
        parked = next;
      }
    } catch (IOException e) {
      broken = true;
      parked = null;
      failed.run();
    }
  }

  private static boolean remains(ByteBuffer[] buffers) {
    for (ByteBuffer buffer : buffers) {
      if (buffer.hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  private void streamElementWritten(long seq) {
    streamDone = seq;
    if (streamWriter != Thread.currentThread()) {
      streamWritten.accept(seq);
    }
  }
}
