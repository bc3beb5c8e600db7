package dev.parley.node.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A socket taken over from Pekko HTTP's stream ({@link SocketTakeover}): its owner reads it when the
 * {@link SelectorLoop} says there is something to read, on the loop's thread, and writes it through
 * its {@link SocketWriter}, which goes on writing what the stream gave it first.
 */
public final class TakenSocket {
  private final SocketChannel channel;
  private final SelectionKey key;
  private final SelectorLoop loop;
  private final SocketWriter writer;
  private final Supplier<ByteBuffer> readBuffer;
  private final Runnable onClosed;
  private final AtomicBoolean closed = new AtomicBoolean();

  TakenSocket(
      SocketChannel channel, SelectionKey key, SelectorLoop loop, SocketWriter writer, Supplier<ByteBuffer> readBuffer, Runnable onClosed) {
    this.channel = channel;
    this.key = key;
    this.loop = loop;
    this.writer = writer;
    this.readBuffer = readBuffer;
    this.onClosed = onClosed;
    writer.bind(key, written -> {}, this::close);
  }

  /**
   * From now on {@code readable} runs, on the selector's thread, each time the socket has something
   * to read after {@link #readWhenReady}; {@code failed} runs once a write fails.
   */
  public void start(Runnable readable, Runnable failed) {
    writer.bind(key, written -> {}, failed);
    loop.rebind(
        key,
        ready -> {
          if ((ready & SelectionKey.OP_WRITE) != 0) {
            writer.writable();
          }
          if ((ready & SelectionKey.OP_READ) != 0) {
            readable.run();
          }
        });
    // The stream's stage may have been told of room to write just before it stopped: look again.
    writer.writable();
    readWhenReady();
  }

  public SocketWriter writer() {
    return writer;
  }

  /** The calling thread's buffer to read into, cleared: a socket keeps none of its own while idle. */
  public ByteBuffer readBuffer() {
    return readBuffer.get().clear();
  }

  /** As {@link SocketChannel#read}: -1 once the peer closed its side. */
  public int read(ByteBuffer into) throws IOException {
    return channel.read(into);
  }

  /** Asks the selector to run the owner's {@code readable} once there is something to read. */
  public void readWhenReady() {
    loop.interest(key, SelectionKey.OP_READ);
  }

  /** Closes the socket; once only. */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // the socket is gone either way
    }
    loop.wake();
    onClosed.run();
  }
}
