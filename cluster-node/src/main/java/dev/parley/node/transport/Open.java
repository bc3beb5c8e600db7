package dev.parley.node.transport;

import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.TokenService;
import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Drain;
import dev.parley.node.transport.Connection.SlowConsumer;
import dev.parley.node.transport.Connection.SocketClosed;
import dev.parley.node.transport.Connection.Timeout;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.ServerFrame;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.ReceiveBuilder;

/**
 * A state of a {@link Connection} that has not begun to close ({@link AwaitingAuth} or {@link
 * Live}): what both do when the socket closes, the node drains, the client reads too slowly, or
 * the actor stops, and how each begins {@link Closing}.
 */
abstract sealed class Open extends AbstractBehavior<Command> permits AwaitingAuth, Live {
  final ClientLink link;
  final RequestDispatch requests;

  Open(ActorContext<Command> context, ClientLink link, RequestDispatch requests) {
    super(context);
    this.link = link;
    this.requests = requests;
  }

  /** The socket's user; null before {@code auth}. */
  abstract AuthenticatedUser user();

  /** Adds what every state that is not closing does alike. */
  ReceiveBuilder<Command> common(ReceiveBuilder<Command> builder) {
    return builder
        .onMessageEquals(Drain.INSTANCE, this::onDrain)
        .onMessageEquals(SlowConsumer.INSTANCE, this::onSlowConsumer)
        .onMessageEquals(Timeout.CLOSE, Behaviors::stopped)
        .onMessageEquals(SocketClosed.INSTANCE, Behaviors::stopped)
        .onSignal(PostStop.class, signal -> onStop());
  }

  /** The claims of an access token, or null (the request refused) when the token is no good. */
  TokenService.AccessClaims verify(RequestCounter op, String ref, Request.Auth auth) {
    try {
      return link.deps.tokens().verifyAccessClaims(auth.token());
    } catch (ProtocolException e) {
      AuthFailure.ACCESS_TOKEN.inc();
      link.refuse(op, ref, ErrorCode.UNAUTHORIZED, e.getMessage());
      return null;
    }
  }

  /** Sends what is queued, then closes the socket with {@code code}. */
  Behavior<Command> close(int code, String reason) {
    return link.close(code, reason) ? new Closing(getContext(), link, requests, user()) : this;
  }

  private Behavior<Command> onDrain() {
    link.send(new ServerFrame.Event(Ephemeral.DRAINING, new Reply.Empty()));
    return close(CloseCode.DRAINING, "node draining");
  }

  private Behavior<Command> onSlowConsumer() {
    getContext().getLog().info("Session {} closed: client too slow to read", link.sessionId);
    link.stopAfterGrace();
    return new Closing(getContext(), link, requests, user());
  }

  private Behavior<Command> onStop() {
    link.stopped(user());
    return this;
  }
}
