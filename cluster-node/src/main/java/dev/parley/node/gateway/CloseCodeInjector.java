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
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import scala.Option;

/**
 * Pekko HTTP's public WebSocket API closes every socket with 1000 (or 1011 on failure) and has no
 * way to choose the close code, but the contract needs 4001-4004 and 1009. This stage sits between
 * the raw frames and Pekko's own WebSocket stack and does two things at the frame level:
 *
 * <ul>
 *   <li>the close frame the stack sends when the connection ends is rewritten to carry the code
 *       the connection asked for in its {@link CloseRequest};
 *   <li>an incoming frame longer than the limit is not read: the socket is closed with 1009 at once.
 * </ul>
 *
 * It uses Pekko HTTP's internal frame model ({@code UpgradeToWebSocketLowLevel.handleFrames}),
 * pinned by the build's pekko-http version.
 */
final class CloseCodeInjector extends GraphStage<BidiShape<FrameEvent, FrameEvent, FrameEvent, FrameEvent>> {
  private static final byte CLOSE_OPCODE = 0x8;
  private static final int MESSAGE_TOO_BIG = 1009;

  private final Inlet<FrameEvent> fromNetwork = Inlet.create("CloseCodeInjector.fromNetwork");
  private final Outlet<FrameEvent> toStack = Outlet.create("CloseCodeInjector.toStack");
  private final Inlet<FrameEvent> fromStack = Inlet.create("CloseCodeInjector.fromStack");
  private final Outlet<FrameEvent> toNetwork = Outlet.create("CloseCodeInjector.toNetwork");
  private final BidiShape<FrameEvent, FrameEvent, FrameEvent, FrameEvent> shape =
      BidiShape.of(fromNetwork, toStack, fromStack, toNetwork);

  private final CloseRequest closeRequest;
  private final long maxFrameBytes;

  CloseCodeInjector(CloseRequest closeRequest, long maxFrameBytes) {
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
      /** Set once this stage has sent its own close frame: later outgoing frames are dropped. */
      private boolean closeSent;
      /** Set while the rest of an oversized incoming frame is skipped. */
      private boolean skippingFrame;

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
                    sendOwnClose(MESSAGE_TOO_BIG, "frame too large");
                    pull(fromNetwork);
                    return;
                  }
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
                if (closeSent) {
                  pull(fromStack);
                } else if (isClose(event) && closeRequest.get() != null) {
                  CloseRequest.Code code = closeRequest.get();
                  closeSent = true;
                  push(toNetwork, closeFrame(code.code(), code.reason()));
                } else {
                  closeSent = isClose(event);
                  push(toNetwork, event);
                }
              }
            });
        setHandler(
            toNetwork,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (!hasBeenPulled(fromStack) && !isClosed(fromStack)) {
                  pull(fromStack);
                }
              }
            });
      }

      private void sendOwnClose(int code, String reason) {
        if (closeSent) {
          return;
        }
        closeRequest.request(code, reason);
        closeSent = true;
        emit(toNetwork, closeFrame(code, reason));
      }
    };
  }
}
