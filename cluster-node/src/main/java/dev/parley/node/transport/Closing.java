package dev.parley.node.transport;

import dev.parley.node.Rejections;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.transport.Connection.Answered;
import dev.parley.node.transport.Connection.AuthDone;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Received;
import dev.parley.node.transport.Connection.SocketClosed;
import dev.parley.node.transport.Connection.Timeout;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A {@link Connection} whose socket is closing (a close this side began, or the outbox's for a
 * slow client): the outbox sends what was queued, then nothing more reaches the client. It stops
 * when the socket is gone, or after the close grace at the latest. What the socket still reads is
 * dropped; requests in flight finish and are counted; everything else waits for the stop.
 */
final class Closing extends AbstractBehavior<Command> {
  private final ClientLink link;
  private final RequestDispatch requests;
  /** Null if the socket closes before {@code auth}; an {@code auth} under way may still set it. */
  private AuthenticatedUser user;

  Closing(ActorContext<Command> context, ClientLink link, RequestDispatch requests, AuthenticatedUser user) {
    super(context);
    this.link = link;
    this.requests = requests;
    this.user = user;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Received.class, this::onReceived)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(AuthDone.class, this::onAuthDone)
        .onMessageEquals(Timeout.CLOSE, Behaviors::stopped)
        .onMessageEquals(SocketClosed.INSTANCE, Behaviors::stopped)
        .onAnyMessage(ignored -> this)
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  private Behavior<Command> onReceived(Received received) {
    requests.dropped();
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    requests.answered(answered);
    return this;
  }

  /**
   * An {@code auth} under way when the socket began to close: its answer reaches no one, but a
   * session that attached this connection hears at the stop that it is gone.
   */
  private Behavior<Command> onAuthDone(AuthDone done) {
    if (done.failure() == null) {
      user = done.access().user();
      link.authenticated(user);
      done.op().ok();
    } else {
      done.op().failed(Rejections.toProtocol(done.failure()).code());
    }
    return this;
  }

  private Behavior<Command> onStop() {
    link.stopped(user);
    return this;
  }
}
