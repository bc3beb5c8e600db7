package dev.parley.node.transport;

import dev.parley.node.auth.BotAuthenticator;
import dev.parley.node.auth.TokenService;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.edge.ChatService;
import dev.parley.node.logging.LogContext;
import dev.parley.node.session.PresenceHub;
import dev.parley.node.session.UserSession;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One WebSocket connection. Before {@code auth} it accepts nothing else and closes with 4001 when
 * the deadline passes or the token is bad; it closes with 4001 too when the access token expires,
 * unless the client sent a fresher one of the same user ({@code auth} again). After {@code auth},
 * it runs requests (several may be in flight; the socket is not read further while {@code
 * max-in-flight} are) and delivers the events of every channel the user is in. Live events reach
 * the socket's {@link Outbox} from the node's hub directly, each through a {@link ChannelCursor}
 * so the client sees every event once and in order; this actor fetches the holes the outbox finds.
 *
 * <p>Its states are behaviours: {@link AwaitingAuth}, then {@link Live} (both {@link Open}), and
 * {@link Closing} once the socket closes. All share the socket ({@link ClientLink}) and the
 * requests ({@link RequestDispatch}); what a live connection follows is in {@link Subscriptions}.
 */
public final class Connection {
  private Connection() {}

  /** Local to the node: the messages of a connection actor are never sent between nodes. */
  public sealed interface Command {}

  /** A message the socket read; the socket reads on while this connection gives its {@link InboundCredit} back. */
  record Received(Inbound inbound) implements Command {}

  /** The socket is gone, closed by either side or broken. */
  enum SocketClosed implements Command {
    INSTANCE
  }

  /** The node is leaving: tell the client, then close with 4004. */
  enum Drain implements Command {
    INSTANCE
  }

  enum Timeout implements Command {
    AUTH,
    TOKEN,
    CLOSE
  }

  /** Timer: the connection is still there, tell the user's session. */
  enum Renew implements Command {
    INSTANCE
  }

  /**
   * {@code access}: null when the token was a bot's that could not be verified ({@code failure} says
   * why). {@code request}: the validated {@code auth}, with where the client resumes and the features it speaks.
   */
  record AuthDone(
      RequestCounter op,
      String ref,
      TokenService.AccessClaims access,
      UserSession.State state,
      Map<String, Channel.Summary> channels,
      Request.Auth request,
      Throwable failure)
      implements Command {}

  record Answered(RequestCounter op, String ref, Object data, Throwable failure) implements Command {}

  record Noticed(UserSession.Notice notice) implements Command {}

  /** The outbox found a hole in a channel: fetch it from the log. */
  record Fetch(String channelId, ChannelCursor.Missing missing) implements Command {}

  record Filled(String channelId, Channel.EventsPage page, Throwable failure) implements Command {}

  /** The outbox closed the socket: the client did not read fast enough. */
  enum SlowConsumer implements Command {
    INSTANCE
  }

  record RetryFill(String channelId) implements Command {}

  /** Whether a channel the session lists after moving has the user as a member; {@code failure}: ask again. */
  record Rejoined(
      UserSession.ChannelMembership channel, long readSeq, Optional<Channel.Summary> member, Throwable failure)
      implements Command {
    RetryRejoin retry() {
      return new RetryRejoin(channel, readSeq);
    }
  }

  record RetryRejoin(UserSession.ChannelMembership channel, long readSeq) implements Command {}

  /** What a connection needs from its node. */
  public record Dependencies(
      WireCodec codec,
      TokenService tokens,
      BotAuthenticator bots,
      ChatService chat,
      ActorRef<ChannelHub.Command> hub,
      ActorRef<PresenceHub.Command> presence,
      WireFrames frames,
      ConnectionRegistry registry,
      ConnectionSettings settings,
      AuthAdmission admission,
      Clock clock) {}

  /** {@code slot}: the socket's place in the node's {@link SocketQuota}, given back when this actor stops. */
  public static Behavior<Command> create(
      Dependencies deps, String sessionId, Outbox outbox, InboundCredit credit, SocketQuota.Slot slot) {
    return Behaviors.setup(
        context -> {
          // Each state logs; operators find a connection's lines under one logger, whichever state wrote them.
          context.setLoggerName(Connection.class);
          Map<String, String> mdc = new HashMap<>(Map.of(LogContext.SESSION_ID, sessionId));
          return LogContext.withMdc(
              () -> mdc,
              Behaviors.withTimers(
                  timers -> {
                    timers.startSingleTimer(Timeout.AUTH, deps.settings().authTimeout());
                    ClientLink link = new ClientLink(context, timers, deps, sessionId, outbox, credit, mdc, slot);
                    return new AwaitingAuth(context, link, new RequestDispatch(context, link));
                  }));
        });
  }
}
