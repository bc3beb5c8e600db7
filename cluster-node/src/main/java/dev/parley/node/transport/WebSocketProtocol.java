package dev.parley.node.transport;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One socket's WebSocket protocol on Pekko's binding, in one stage on Pekko HTTP's parsed frames
 * ({@code UpgradeToWebSocketLowLevel.handleFrames}): the client's messages go to its
 * {@link Connection} as they complete, the {@link Outbox}'s frames ({@link FrameQueue}) go to the
 * network, and this stage answers pings, keeps an idle socket alive and runs the close handshake.
 * The node's own sockets run the same protocol without a stream ({@link SocketWebSocket}).
 *
 * <p>Pekko's own WebSocket stack did all of that in about ten stages per socket, a sub-stream per
 * message and a backpressure round trip to the connection per message; it also closes every
 * socket with 1000 or 1011, where the contract needs 4001-4004 and 1009. Here a message costs one
 * actor message, an idle socket one stage, and the close frame carries the connection's
 * {@link CloseRequest} after every queued frame (docs/benchmarks.md, "Session 11").
 */
final class WebSocketProtocol extends GraphStage<FlowShape<FrameEvent, FrameEvent>> {
  private static final String CLOSE_TIMER = "close";
  private static final String KEEP_ALIVE_TIMER = "keep-alive";

  private final Inlet<FrameEvent> fromNetwork = Inlet.create("WebSocketProtocol.fromNetwork");
  private final Outlet<FrameEvent> toNetwork = Outlet.create("WebSocketProtocol.toNetwork");
  private final FlowShape<FrameEvent, FrameEvent> shape = FlowShape.of(fromNetwork, toNetwork);

  private final FrameQueue frames;
  private final CloseRequest closeRequest;
  private final InboundCredit credit;
  private final ActorRef<Connection.Command> connection;
  private final int frameLimit;
  private final Duration closeGrace;
  /** Zero: no keep-alive pings. */
  private final Duration keepAlive;

  WebSocketProtocol(
      FrameQueue frames,
      CloseRequest closeRequest,
      InboundCredit credit,
      ActorRef<Connection.Command> connection,
      int frameLimit,
      Duration closeGrace,
      Duration keepAlive) {
    this.frames = frames;
    this.closeRequest = closeRequest;
    this.credit = credit;
    this.connection = connection;
    this.frameLimit = frameLimit;
    this.closeGrace = closeGrace;
    this.keepAlive = keepAlive;
  }

  @Override
  public FlowShape<FrameEvent, FrameEvent> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new TimerGraphStageLogic(shape) {
      private final InboundAssembler assembler = new InboundAssembler(frameLimit);
      /** A message read while the connection had no credit: reading waits until it is handed over. */
      private Inbound held;
      /** A pong or keep-alive ping, written before any queued frame. */
      private FrameStart control;
      /** The close frame, written once the queued frames are out. */
      private FrameStart closing;
      private boolean closeSent;
      private boolean peerClosed;
      /** Something went out since the keep-alive timer last looked. */
      private boolean wrote;

      {
        setHandler(
            fromNetwork,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                onFrame(grab(fromNetwork));
              }

              @Override
              public void onUpstreamFinish() {
                completeStage();
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
        frames.finished().thenRun(() -> wake.invoke(Boolean.TRUE));
        AsyncCallback<Object> credited = createAsyncCallback(ignored -> handOver());
        credit.attach(() -> credited.invoke(Boolean.TRUE));
        if (!keepAlive.isZero()) {
          scheduleWithFixedDelay(KEEP_ALIVE_TIMER, keepAlive, keepAlive);
        }
        pull(fromNetwork);
      }

      @Override
      public void postStop() {
        frames.discard();
        connection.tell(Connection.SocketClosed.INSTANCE);
      }

      private void onFrame(FrameEvent event) {
        FrameHead head = PekkoFrames.head(event);
        InboundAssembler.Result result =
            head != null
                ? assembler.onFrameStart(head, PekkoFrames.data(event))
                : assembler.onFrameData(PekkoFrames.data(event), PekkoFrames.lastPart(event));
        if (result instanceof InboundAssembler.Message message) {
          held = message.inbound();
          handOver();
        } else if (result instanceof InboundAssembler.Ping ping) {
          if (closing == null && !closeSent) {
            control = PekkoFrames.pong(ping.payload());
            write();
          }
          pull(fromNetwork);
        } else if (result instanceof InboundAssembler.Close close) {
          peerClosed = true;
          if (closeSent) {
            completeStage();
            return;
          }
          closing = closeRequest.frameOr(close.code(), close.reason());
          frames.discard();
          write();
        } else if (result instanceof InboundAssembler.Violation violation) {
          closeOwn(violation.code(), violation.reason());
          pull(fromNetwork);
        } else {
          pull(fromNetwork);
        }
      }

      /** Gives the held message to the connection once it has credit, and reads on. */
      private void handOver() {
        if (held == null || isClosed(fromNetwork)) {
          return;
        }
        if (closing != null || closeSent) {
          held = null;
          pull(fromNetwork);
          return;
        }
        if (credit.take()) {
          connection.tell(new Connection.Received(held));
          held = null;
          pull(fromNetwork);
        }
      }

      /** A control frame first, then the outbox's frames, then the close frame once they are out. */
      private void write() {
        if (!isAvailable(toNetwork)) {
          return;
        }
        if (control != null) {
          push(toNetwork, control);
          control = null;
          wrote = true;
          return;
        }
        OutFrame next = closeSent ? null : frames.poll();
        if (next != null) {
          push(toNetwork, next.start());
          wrote = true;
          return;
        }
        if (closing == null && !closeSent && frames.isFinished()) {
          closing = closeRequest.frameOr(InboundAssembler.NORMAL, "");
        }
        if (closing != null) {
          push(toNetwork, closing);
          closing = null;
          closeSent = true;
          frames.discard();
          if (peerClosed) {
            completeStage();
          } else {
            scheduleOnce(CLOSE_TIMER, closeGrace);
          }
        }
      }

      private void closeOwn(int code, String reason) {
        if (closeSent || closing != null) {
          return;
        }
        closeRequest.request(code, reason);
        frames.discard();
        closing = PekkoFrames.close(code, reason);
        write();
      }

      @Override
      public void onTimer(Object key) {
        if (CLOSE_TIMER.equals(key)) {
          completeStage();
          return;
        }
        if (!wrote && control == null && closing == null && !closeSent) {
          control = PekkoFrames.ping(ByteString.emptyByteString());
          write();
        }
        wrote = false;
      }
    };
  }
}
