package dev.parley.node.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One accepted socket as a stream stage: what it is given is written to the socket (through its
 * {@link SocketWriter}, which a WebSocket's frames also take), what the socket reads is emitted. It
 * reads and writes on the stream's own thread, at once when the socket is ready, and asks the
 * {@link SelectorLoop} to be woken only when the socket was not.
 *
 * <p>The response that switches the socket to another protocol ends the stage without closing the
 * socket: the handler's {@link SocketTakeover.Owner} takes it over, and the HTTP stream, which has
 * nothing more to do, stops.
 *
 * <p>Closing follows Pekko HTTP's server sockets (no half-close): when the HTTP layer finishes its
 * output, or no longer wants input, the socket is closed once what was given to it is written. A
 * peer that resets the connection ends the stage without an error, as a peer that closes it does.
 */
final class SocketStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> toSocket = Inlet.create("SocketStage.toSocket");
  private final Outlet<ByteString> fromSocket = Outlet.create("SocketStage.fromSocket");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(toSocket, fromSocket);

  private final SocketChannel channel;
  private final SelectorLoop loop;
  private final SocketWriter writer;
  private final SocketTakeover takeover;
  /** A buffer of the calling thread's, to read into: a socket holds no buffer of its own while idle. */
  private final Supplier<ByteBuffer> readBuffer;
  private final Runnable onClosed;

  SocketStage(
      SocketChannel channel,
      SelectorLoop loop,
      SocketWriter writer,
      SocketTakeover takeover,
      Supplier<ByteBuffer> readBuffer,
      Runnable onClosed) {
    this.channel = channel;
    this.loop = loop;
    this.writer = writer;
    this.takeover = takeover;
    this.readBuffer = readBuffer;
    this.onClosed = onClosed;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private SelectionKey key;
      /** The number of the last element given to the writer. */
      private long given;
      /** The last element given is not written yet: the next is pulled once it is. */
      private boolean writing;
      /** The socket is closed once what was given is written. */
      private boolean closeAfterWrite;
      /**
       * The last read did not fill the buffer, so the socket had nothing more: the next read waits
       * for the selector rather than costing a system call that finds nothing (as it does for most
       * chat messages, which come one at a time).
       */
      private boolean drained;
      /** The socket was taken over: stopping leaves it open. */
      private boolean handedOver;

      {
        setHandler(
            toSocket,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteBuffer[] bytes = buffersOf(grab(toSocket));
                SocketTakeover.Owner owner = takeover.ownerOf(bytes);
                if (owner != null) {
                  handOver(bytes, owner);
                  return;
                }
                given++;
                writing = true;
                if (writer.writeFromStream(bytes, given)) {
                  written(given);
                }
              }

              @Override
              public void onUpstreamFinish() {
                closeOnceWritten();
              }
            });
        setHandler(
            fromSocket,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                read();
              }

              @Override
              public void onDownstreamFinish(Throwable cause) {
                closeOnceWritten();
              }
            });
      }

      @Override
      public void preStart() {
        AsyncCallback<Integer> ready = createAsyncCallback(this::onReady);
        AsyncCallback<Long> streamWritten = createAsyncCallback(this::written);
        AsyncCallback<Boolean> failed = createAsyncCallback(ignored -> completeStage());
        try {
          key = loop.register(channel, ops -> ready.invoke(ops));
        } catch (ClosedChannelException e) {
          completeStage();
          return;
        }
        writer.bind(key, streamWritten::invoke, () -> failed.invoke(Boolean.TRUE));
        pull(toSocket);
      }

      private void onReady(int ops) {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
          writer.writable();
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
          drained = false;
          if (isAvailable(fromSocket)) {
            read();
          }
        }
      }

      /** Element {@code seq} is out; told at most twice (by the call and by the writer), acted on once. */
      private void written(long seq) {
        if (seq != given || !writing) {
          return;
        }
        writing = false;
        if (closeAfterWrite) {
          completeStage();
        } else if (!isClosed(toSocket)) {
          pull(toSocket);
        }
      }

      private void read() {
        if (drained) {
          drained = false;
          loop.interest(key, SelectionKey.OP_READ);
          return;
        }
        ByteBuffer buffer = readBuffer.get();
        buffer.clear();
        int n;
        try {
          n = channel.read(buffer);
        } catch (IOException e) {
          completeStage();
          return;
        }
        if (n > 0) {
          drained = buffer.hasRemaining();
          buffer.flip();
          push(fromSocket, ByteString.fromByteBuffer(buffer));
        } else if (n == 0) {
          loop.interest(key, SelectionKey.OP_READ);
        } else {
          // as Pekko's TCP stage: the HTTP layer answers what it has read, then finishes its output
          complete(fromSocket);
        }
      }

      /**
       * Gives the response to the writer, then the socket to {@code owner}: whatever it writes goes
       * after the response. A readiness the selector tells this stage meanwhile is lost with it; the
       * owner asks again.
       */
      private void handOver(ByteBuffer[] response, SocketTakeover.Owner owner) {
        TakenSocket taken = new TakenSocket(channel, key, loop, writer, readBuffer, onClosed);
        writer.writeFromStream(response, ++given);
        handedOver = true;
        completeStage();
        owner.take(taken);
      }

      private void closeOnceWritten() {
        closeAfterWrite = true;
        if (!writing) {
          completeStage();
        }
      }

      @Override
      public void postStop() {
        if (handedOver) {
          return;
        }
        takeover.streamEnded();
        try {
          channel.close();
        } catch (IOException e) {
          // the socket is gone either way
        }
        loop.wake();
        onClosed.run();
      }
    };
  }

  private static ByteBuffer[] buffersOf(ByteString bytes) {
    List<ByteBuffer> buffers = new ArrayList<>();
    bytes.getByteBuffers().forEach(buffers::add);
    return buffers.toArray(ByteBuffer[]::new);
  }
}
