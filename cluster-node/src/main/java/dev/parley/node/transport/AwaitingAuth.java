package dev.parley.node.transport;

import dev.parley.node.Rejections;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.TokenService;
import dev.parley.node.channel.Channel;
import dev.parley.node.logging.LogContext;
import dev.parley.node.session.UserSession;
import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.transport.Connection.AuthDone;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Noticed;
import dev.parley.node.transport.Connection.Received;
import dev.parley.node.transport.Connection.Timeout;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.MDC;

/**
 * A {@link Connection} before {@code auth}: it accepts nothing else, and closes with 4001 when the
 * deadline passes or the token is bad. A bot's token ({@code pbt_...}) is checked against the
 * store of bot tokens, an access token by its signature. A good token attaches the connection to the user's session
 * and loads the channels the user is in; then the connection is {@link Live}.
 */
final class AwaitingAuth extends Open {
  private boolean authenticating;

  AwaitingAuth(ActorContext<Command> context, ClientLink link, RequestDispatch requests) {
    super(context, link, requests);
  }

  @Override
  AuthenticatedUser user() {
    return null;
  }

  @Override
  public Receive<Command> createReceive() {
    return common(newReceiveBuilder())
        .onMessage(Received.class, received -> requests.received(received, this, this::onRequest))
        .onMessage(AuthDone.class, this::onAuthDone)
        .onMessage(Noticed.class, this::onNoticed)
        .onMessageEquals(Timeout.AUTH, () -> close(CloseCode.AUTH_FAILED, "no auth in time"))
        .build();
  }

  private Behavior<Command> onRequest(RequestCounter op, String ref, Request request) {
    if (request instanceof Request.Auth auth) {
      return onAuth(op, ref, auth);
    }
    link.refuse(op, ref, ErrorCode.UNAUTHORIZED, "send auth first");
    return this;
  }

  private Behavior<Command> onAuth(RequestCounter op, String ref, Request.Auth auth) {
    if (authenticating) {
      link.refuse(op, ref, ErrorCode.BAD_REQUEST, "auth is already under way");
      return this;
    }
    CompletionStage<TokenService.AccessClaims> verified;
    if (link.deps.bots().handles(auth.token())) {
      verified = link.deps.bots().verify(auth.token());
    } else {
      TokenService.AccessClaims claims = verify(op, ref, auth);
      if (claims == null) {
        return close(CloseCode.AUTH_FAILED, "unauthorized");
      }
      verified = CompletableFuture.completedFuture(claims);
    }
    authenticating = true;
    // Off the actor's thread once admitted: nothing below touches the actor's state.
    CompletionStage<AuthDone> answer =
        link.deps.admission().admit(() -> !link.outbox.isClosing(), () -> verified.thenCompose(claims -> attached(op, ref, auth, claims)));
    getContext()
        .pipeToSelf(
            answer,
            (done, failure) -> failure == null ? done : new AuthDone(op, ref, null, null, null, auth, failure));
    return this;
  }

  /** The connection's answer once the user's channels are loaded, or why they could not be. */
  private CompletionStage<AuthDone> attached(RequestCounter op, String ref, Request.Auth auth, TokenService.AccessClaims verified) {
    return loadChannels(verified.user())
        .handle(
            (result, failure) ->
                failure == null
                    ? new AuthDone(op, ref, verified, result.state(), result.channels(), auth, null)
                    : new AuthDone(op, ref, verified, null, null, auth, failure));
  }

  private record Loaded(UserSession.State state, Map<String, Channel.Summary> channels) {}

  /** The user's memberships and, for each channel, its newest seq; channels the user left are dropped. */
  private CompletionStage<Loaded> loadChannels(AuthenticatedUser verified) {
    return link.deps.chat()
        .attach(verified.userId(), link.notices)
        .thenCompose(
            state -> {
              Map<String, CompletableFuture<Optional<Channel.Summary>>> asks = new HashMap<>();
              for (String channelId : state.channels().keySet()) {
                asks.put(channelId, link.deps.chat().membership(verified.userId(), channelId).toCompletableFuture());
              }
              return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        Map<String, Channel.Summary> summaries = new HashMap<>();
                        asks.forEach((id, ask) -> ask.join().ifPresent(summary -> summaries.put(id, summary)));
                        return new Loaded(state, summaries);
                      });
            });
  }

  private Behavior<Command> onAuthDone(AuthDone done) {
    authenticating = false;
    if (done.failure() == null) {
      return Live.authenticated(getContext(), link, requests, done);
    }
    ProtocolException error = Rejections.toProtocol(done.failure());
    link.refuse(done.op(), done.ref(), error.code(), error.getMessage());
    if (done.access() == null) {
      // A bot token that is no live one, or the store that could not say.
      if (error.code() == ErrorCode.UNAUTHORIZED) {
        AuthFailure.ACCESS_TOKEN.inc();
        return close(CloseCode.AUTH_FAILED, "unauthorized");
      }
      return this;
    }
    String userId = done.access().user().userId();
    if (error.code() == ErrorCode.RATE_LIMITED) {
      MDC.put(LogContext.USER_ID, userId);
      RateLimitScope.CONNECTIONS_PER_USER.inc();
      getContext().getLog().warn("Session {} refused: user {} has too many connections", link.sessionId, userId);
      return close(CloseCode.RATE_LIMIT_ABUSED, "too many connections");
    }
    if (error.code() == ErrorCode.UNAUTHORIZED) {
      getContext().getLog().info("Session {} refused: user {} is deactivated", link.sessionId, userId);
      return close(CloseCode.AUTH_FAILED, "unauthorized");
    }
    return this;
  }

  /**
   * Before the auth reply only channel membership matters: events would come ahead of the reply.
   * Nor is there a login to end yet ({@link UserSession.SignedOut}).
   */
  private Behavior<Command> onNoticed(Noticed noticed) {
    if (noticed.notice() instanceof UserSession.ChannelAdded added) {
      link.outbox.follow(added.channel().channelId(), added.joinedSeq() - 1, added.joinedSeq());
    }
    return this;
  }
}
