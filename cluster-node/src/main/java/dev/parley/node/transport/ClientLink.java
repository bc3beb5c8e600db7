package dev.parley.node.transport;

import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.logging.LogContext;
import dev.parley.node.session.PresenceHub;
import dev.parley.node.session.UserSession;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Fetch;
import dev.parley.node.transport.Connection.Noticed;
import dev.parley.node.transport.Connection.SlowConsumer;
import dev.parley.node.transport.Connection.Timeout;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.MDC;

/**
 * What every state of a {@link Connection} shares: its socket (the outbox it writes to, the credit
 * it reads by, its place in the node's quota), its timers, and the address its user's session
 * sends notices to. Frames to the client, the socket's close and the actor's stop go through here.
 */
final class ClientLink {
  final ActorContext<Command> context;
  final TimerScheduler<Command> timers;
  final Connection.Dependencies deps;
  final String sessionId;
  final Outbox outbox;
  final InboundCredit credit;
  final ActorRef<UserSession.Notice> notices;
  /** What this connection's log lines carry: its session, and its user once authenticated. */
  private final Map<String, String> mdc;
  private final SocketQuota.Slot slot;

  ClientLink(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Connection.Dependencies deps,
      String sessionId,
      Outbox outbox,
      InboundCredit credit,
      Map<String, String> mdc,
      SocketQuota.Slot slot) {
    this.context = context;
    this.timers = timers;
    this.deps = deps;
    this.sessionId = sessionId;
    this.mdc = mdc;
    this.slot = slot;
    this.outbox = outbox;
    this.credit = credit;
    ActorRef<Command> self = context.getSelf();
    outbox.bind(
        new Outbox.Owner() {
          @Override
          public void fetch(String channelId, ChannelCursor.Missing missing) {
            self.tell(new Fetch(channelId, missing));
          }

          @Override
          public void slowConsumer() {
            self.tell(SlowConsumer.INSTANCE);
          }
        });
    this.notices = context.messageAdapter(UserSession.Notice.class, Noticed::new);
    deps.registry().register(self, outbox);
  }

  void answer(RequestCounter op, String ref, Object data) {
    op.ok();
    send(new ServerFrame.Ok(ref, data));
  }

  void refuse(RequestCounter op, String ref, ErrorCode code, String message) {
    op.failed(code);
    send(new ServerFrame.Error(ref, code, message));
  }

  void send(ServerFrame frame) {
    outbox.send(frame);
  }

  /** Sends what is queued, then closes the socket with {@code code}; {@code false} if it was closing already. */
  boolean close(int code, String reason) {
    if (!outbox.close(code, reason)) {
      return false;
    }
    stopAfterGrace();
    return true;
  }

  /** The socket is closing: the actor stops when it is gone, or after the close grace at the latest. */
  void stopAfterGrace() {
    timers.startSingleTimer(Timeout.CLOSE, deps.settings().closeGrace());
  }

  /** The socket's user is known: it no longer counts as unauthenticated, and log lines name the user. */
  void authenticated(AuthenticatedUser user) {
    // The map is read before each later message; this message's MDC was set before it, so also now.
    mdc.put(LogContext.USER_ID, user.userId());
    MDC.put(LogContext.USER_ID, user.userId());
    slot.authenticated();
  }

  /** The actor stopped; {@code user} is null if the socket never authenticated. */
  void stopped(AuthenticatedUser user) {
    outbox.stopped();
    deps.registry().unregister(context.getSelf());
    slot.release();
    deps.hub().tell(new ChannelHub.UnsubscribeAll(outbox));
    if (user != null) {
      deps.presence().tell(new PresenceHub.UnsubscribeAll(notices));
      deps.chat().detach(user.userId(), notices);
    }
  }
}
