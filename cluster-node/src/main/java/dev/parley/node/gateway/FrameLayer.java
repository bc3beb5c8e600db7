package dev.parley.node.gateway;

import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEvent$;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.Option;

/**
 * A socket's frame layer, between the raw frames and Pekko's own WebSocket stack, which still reads
 * the client's messages and runs the ping and close handshakes. Three things happen here:
 *
 * <ul>
 *   <li>the {@link Outbox}'s frames ({@link FrameQueue}) go straight to the network. They are
 *       rendered once per node, and passing each through the stack's message side cost a
 *       sub-stream and about ten stage hops per frame per socket (docs/benchmarks.md, "Session 9");
 *   <li>Pekko's public WebSocket API closes every socket with 1000 (or 1011 on failure), but the
 *       contract needs 4001-4004 and 1009: the close frame the stack sends when the connection ends
 *       is rewritten to carry the code of the connection's {@link CloseRequest}, and goes out after
 *       every queued frame;
 *   <li>an incoming frame longer than the limit is not read: the socket is closed with 1009 at once.
 * </ul>
 *
 * It uses Pekko HTTP's internal frame model ({@code UpgradeToWebSocketLowLevel.handleFrames}),
 * pinned by the build's pekko-http version.
 */
final class FrameLayer extends GraphStage<BidiShape<FrameEvent, FrameEvent, FrameEvent, FrameEvent>> {
  private static final byte CLOSE_OPCODE = 0x8;
  private static final int MESSAGE_TOO_BIG = 1009;

  private final Inlet<FrameEvent> fromNetwork = Inlet.create("FrameLayer.fromNetwork");
  private final Outlet<FrameEvent> toStack = Outlet.create("FrameLayer.toStack");
  private final Inlet<FrameEvent> fromStack = Inlet.create("FrameLayer.fromStack");
  private final Outlet<FrameEvent> toNetwork = Outlet.create("FrameLayer.toNetwork");
  private final BidiShape<FrameEvent, FrameEvent, FrameEvent, FrameEvent> shape =
      BidiShape.of(fromNetwork, toStack, fromStack, toNetwork);

  private final FrameQueue frames;
  private final CloseRequest closeRequest;
  private final long maxFrameBytes;

  FrameLayer(FrameQueue frames, CloseRequest closeRequest, long maxFrameBytes) {
    this.frames = frames;
    this.closeRequest = closeRequest;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public BidiShape<FrameEvent, FrameEvent, FrameEvent, FrameEvent> shape() {
    return shape;
  }

  private static boolean isClose(FrameEvent event) {
    return event instanceof FrameStart start && start.header().opcode().code() == CLOSE_OPCODE;
  }

  private static FrameStart closeFrame(int code, String reason) {
    return FrameEvent$.MODULE$.closeFrame(code, reason, Option.empty());
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      /** A frame of the stack (a pong) waiting for the network; the stack is pulled again once it is out. */
      private FrameEvent stackFrame;
      /** The close frame, sent once the queued frames are out. */
      private FrameStart closing;
      private boolean closeSent;
      /** The client sent its close frame: it reads nothing more. */
      private boolean peerClosed;
      /** Set while the rest of an oversized incoming frame is skipped. */
      private boolean skippingFrame;
      private boolean stackFinished;

      {
        setHandler(
            fromNetwork,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                FrameEvent event = grab(fromNetwork);
                if (event instanceof FrameStart start) {
                  skippingFrame = false;
                  if (start.header().length() > maxFrameBytes && !isClose(start)) {
                    skippingFrame = true;
                    closeOwn(MESSAGE_TOO_BIG, "frame too large");
                    pull(fromNetwork);
                    return;
                  }
                  peerClosed |= isClose(start);
                }
                if (skippingFrame || (closeSent && !isClose(event))) {
                  pull(fromNetwork);
                } else {
                  push(toStack, event);
                }
              }
            });
        setHandler(
            toStack,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(fromNetwork);
              }
            });
        setHandler(
            fromStack,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                FrameEvent event = grab(fromStack);
                if (closeSent || closing != null) {
                  pull(fromStack);
                } else if (isClose(event)) {
                  CloseRequest.Code code = closeRequest.get();
                  closing = code == null ? (FrameStart) event : closeFrame(code.code(), code.reason());
                  if (peerClosed) {
                    frames.discard();
                  } else {
                    frames.complete();
                  }
                  pull(fromStack);
                } else {
                  stackFrame = event;
                }
                write();
              }

              @Override
              public void onUpstreamFinish() {
                stackFinished = true;
                finishIfWritten();
              }
            });
        setHandler(
            toNetwork,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                write();
              }
            });
      }

      @Override
      public void preStart() {
        AsyncCallback<Object> wake = createAsyncCallback(ignored -> {
          frames.awake();
          write();
        });
        frames.attach(() -> wake.invoke(Boolean.TRUE));
        pull(fromStack);
      }

      @Override
      public void postStop() {
        frames.discard();
      }

      /** The stack's own frames first, then the outbox's, then the close frame once they are out. */
      private void write() {
        if (!isAvailable(toNetwork)) {
          return;
        }
        if (stackFrame != null) {
          push(toNetwork, stackFrame);
          stackFrame = null;
          if (!isClosed(fromStack)) {
            pull(fromStack);
          }
          finishIfWritten();
          return;
        }
        FrameStart next = closeSent ? null : frames.poll();
        if (next != null) {
          push(toNetwork, next);
        } else if (closing != null) {
          push(toNetwork, closing);
          closing = null;
          closeSent = true;
          frames.discard();
          finishIfWritten();
        }
      }

      private void finishIfWritten() {
        if (stackFinished && stackFrame == null && closing == null) {
          completeStage();
        }
      }

      private void closeOwn(int code, String reason) {
        if (closeSent || closing != null) {
          return;
        }
        closeRequest.request(code, reason);
        frames.discard();
        closing = closeFrame(code, reason);
        write();
      }
    };
  }
}
