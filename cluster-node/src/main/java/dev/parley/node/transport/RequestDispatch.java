package dev.parley.node.transport;

import dev.parley.node.Rejections;
import dev.parley.node.TokenBucket;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.transport.Connection.Answered;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Received;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import dev.parley.protocol.ServerFrame;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The requests of a {@link Connection}: what the socket read, decoded and held to the rate (a
 * client that keeps going over it is cut off), then run by the state of the moment, several at
 * once. The socket is not read further while {@code max-in-flight} requests are running.
 */
final class RequestDispatch {

  /** What a state does with a request that passed the rate. */
  @FunctionalInterface
  interface Handler {
    Behavior<Command> request(RequestCounter op, String ref, Request request);
  }

  private final ActorContext<Command> context;
  private final ClientLink link;
  private final TokenBucket requests;
  /**
   * Refusals the client may still earn before it is cut off: {@code abuse-limit} of them, given
   * back over {@code abuse-window}. Counting refusals over time rather than in a row means a flood
   * is cut off even when the odd request slips through as the request bucket refills.
   */
  private final TokenBucket refusals;
  private int inFlight;
  /** The socket's credit for the last message, held back while too many requests are in flight. */
  private boolean creditOwed;

  RequestDispatch(ActorContext<Command> context, ClientLink link) {
    this.context = context;
    this.link = link;
    ConnectionSettings settings = link.deps.settings();
    this.requests = new TokenBucket(settings.requestsPerSecond(), settings.requestBurst(), System::nanoTime);
    this.refusals =
        new TokenBucket(settings.abuseLimit() / (double) settings.abuseWindow().toSeconds(), settings.abuseLimit(), System::nanoTime);
  }

  /** A message the socket read: {@code handler} runs it as a request of {@code state}. */
  Behavior<Command> received(Received received, Open state, Handler handler) {
    Behavior<Command> next = handle(received.inbound(), state, handler);
    readOn();
    return next;
  }

  /** A message the socket read while it closes: dropped, but the socket is read on as before. */
  void dropped() {
    readOn();
  }

  private void readOn() {
    if (inFlight < link.deps.settings().maxInFlight()) {
      link.credit.giveBack();
    } else {
      creditOwed = true;
    }
  }

  private Behavior<Command> handle(Inbound inbound, Open state, Handler handler) {
    if (inbound instanceof Inbound.TooLarge) {
      RequestCounter.UNKNOWN.failed(ErrorCode.TOO_LARGE);
      return state.close(CloseCode.TOO_BIG, "frame too large");
    }
    if (inbound instanceof Inbound.Binary) {
      return rejectFrame(state, RequestCounter.UNKNOWN, null, ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text");
    }
    ClientFrame frame;
    try {
      frame = link.deps.codec().decodeRequest(((Inbound.Text) inbound).text());
    } catch (FrameException e) {
      return rejectFrame(state, RequestCounter.of(e.op()), e.ref(), e.code(), e.getMessage());
    }
    RequestCounter op = RequestCounter.of(frame.request().op());
    if (!requests.tryTake()) {
      return refuseOverRate(state, op, frame.ref());
    }
    return handler.request(op, frame.ref(), frame.request());
  }

  /** A frame that is no request still counts against the rate, so a flood of them is cut off too. */
  private Behavior<Command> rejectFrame(Open state, RequestCounter op, String ref, ErrorCode code, String message) {
    if (!requests.tryTake()) {
      return refuseOverRate(state, op, ref);
    }
    link.refuse(op, ref, code, message);
    return state;
  }

  /** Over the rate: refused before it reaches an entity; a client that keeps going is cut off. */
  private Behavior<Command> refuseOverRate(Open state, RequestCounter op, String ref) {
    op.failed(ErrorCode.RATE_LIMITED);
    RateLimitScope.CONNECTION.inc();
    if (!refusals.tryTake()) {
      context
          .getLog()
          .warn(
              "Session {} of user {} closed: kept sending over the rate limit",
              link.sessionId,
              state.user() == null ? "-" : state.user().userId());
      return state.close(CloseCode.RATE_LIMIT_ABUSED, "rate limit abused");
    }
    link.send(new ServerFrame.Error(ref, ErrorCode.RATE_LIMITED, "too many requests; slow down"));
    return state;
  }

  void run(RequestCounter op, String ref, CompletionStage<Object> work) {
    inFlight++;
    context.pipeToSelf(work, (data, failure) -> new Answered(op, ref, data, failure));
  }

  /** A request finished: its answer goes to the client, and the socket is read on if it was held back. */
  void answered(Answered answered) {
    inFlight--;
    if (answered.failure() == null) {
      link.answer(answered.op(), answered.ref(), answered.data());
    } else {
      ProtocolException error = Rejections.toProtocol(answered.failure());
      if (error.code() == ErrorCode.INTERNAL) {
        context.getLog().error("Session {} request failed", link.sessionId, answered.failure());
      }
      link.refuse(answered.op(), answered.ref(), error.code(), error.getMessage());
    }
    if (creditOwed && inFlight < link.deps.settings().maxInFlight()) {
      creditOwed = false;
      link.credit.giveBack();
    }
  }
}
