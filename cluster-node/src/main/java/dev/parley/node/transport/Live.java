package dev.parley.node.transport;

import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.TokenService;
import dev.parley.node.channel.Channel;
import dev.parley.node.edge.WireMapping;
import dev.parley.node.session.UserSession;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.transport.Connection.Answered;
import dev.parley.node.transport.Connection.AuthDone;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Fetch;
import dev.parley.node.transport.Connection.Filled;
import dev.parley.node.transport.Connection.Noticed;
import dev.parley.node.transport.Connection.Received;
import dev.parley.node.transport.Connection.Rejoined;
import dev.parley.node.transport.Connection.Renew;
import dev.parley.node.transport.Connection.RetryFill;
import dev.parley.node.transport.Connection.RetryRejoin;
import dev.parley.node.transport.Connection.Timeout;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Features;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A {@link Connection} after {@code auth}: it runs the user's requests, several in flight, and
 * delivers what the user's session and channels tell it ({@link Subscriptions}). It closes with
 * 4001 when the access token expires, unless the client sent a fresher one of the same user
 * ({@code auth} again), and when the user's login ends.
 */
final class Live extends Open {
  private final AuthenticatedUser user;
  private final Subscriptions subscriptions;
  /** When the newest access token the client authenticated with expires: the socket closes then. */
  private Instant tokenExpiresAt;

  private Live(ActorContext<Command> context, ClientLink link, RequestDispatch requests, AuthenticatedUser user, List<String> features) {
    super(context, link, requests);
    this.user = user;
    this.subscriptions = new Subscriptions(context, link, user.userId(), features.contains(Features.PRESENCE_BATCH));
  }

  /**
   * {@code auth} succeeded: answers it with the user's workspaces and channels, then follows each
   * channel from where the client resumes (or its head), so no event comes ahead of the answer.
   */
  static Live authenticated(ActorContext<Command> context, ClientLink link, RequestDispatch requests, AuthDone done) {
    AuthenticatedUser user = done.access().user();
    List<String> features = done.request().features();
    Live live = new Live(context, link, requests, user, features);
    link.authenticated(user);
    link.timers.cancel(Timeout.AUTH);
    live.expireAt(done.access().expiresAt());
    link.timers.startTimerWithFixedDelay(Renew.INSTANCE, link.deps.settings().renewEvery());
    link.answer(done.op(), done.ref(), WireMapping.authOk(user, link.sessionId, done.state(), done.channels().values(), features));
    context.getLog().info("Session {} authenticated user {} with {} channels", link.sessionId, user.userId(), done.channels().size());
    link.outbox.authenticated(user.userId());
    live.subscriptions.followPresence(done.state().workspaces().keySet());
    for (Channel.Summary summary : done.channels().values()) {
      // A resume past the head this node was told is kept: the client saw those events (from a
      // newer owner of the channel), and the head catches up; clamping would send them again.
      long from = done.request().resume().getOrDefault(summary.channelId(), summary.lastSeq());
      live.subscriptions.follow(summary.channelId(), from, summary.lastSeq());
    }
    return live;
  }

  @Override
  AuthenticatedUser user() {
    return user;
  }

  @Override
  public Receive<Command> createReceive() {
    return common(newReceiveBuilder())
        .onMessage(Received.class, received -> requests.received(received, this, this::onRequest))
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Noticed.class, this::onNoticed)
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(Filled.class, this::onFilled)
        .onMessage(RetryFill.class, this::onRetryFill)
        .onMessage(Rejoined.class, this::onRejoined)
        .onMessage(RetryRejoin.class, this::onRetryRejoin)
        .onMessageEquals(Renew.INSTANCE, this::onRenew)
        .onMessageEquals(Timeout.TOKEN, this::onTokenExpired)
        .build();
  }

  // Requests

  private Behavior<Command> onRequest(RequestCounter op, String ref, Request request) {
    if (request instanceof Request.Auth auth) {
      if (link.deps.bots().handles(auth.token())) {
        link.refuse(op, ref, ErrorCode.BAD_REQUEST, "a bot token does not expire: an authenticated socket needs no auth");
        return this;
      }
      TokenService.AccessClaims verified = verify(op, ref, auth);
      // An authenticated socket keeps the token it has, and closes when that one expires.
      return verified == null ? this : reauthenticate(op, ref, verified);
    }
    requests.run(op, ref, link.deps.chat().handle(user, link.notices, request));
    return this;
  }

  private Behavior<Command> onAnswered(Answered answered) {
    if (answered.failure() == null && answered.data() instanceof Reply.WorkspaceCreated joined) {
      subscriptions.followPresence(Set.of(joined.workspace().id()));
    }
    requests.answered(answered);
    return this;
  }

  // The access token

  /**
   * {@code auth} on an authenticated socket: a fresh token of the same user keeps it open until
   * that token expires. A socket never changes users: one user's socket carries only their data.
   */
  private Behavior<Command> reauthenticate(RequestCounter op, String ref, TokenService.AccessClaims verified) {
    if (!verified.user().userId().equals(user.userId())) {
      link.refuse(op, ref, ErrorCode.FORBIDDEN, "this socket is authenticated as another user");
      return this;
    }
    expireAt(verified.expiresAt());
    link.answer(op, ref, new Reply.Empty());
    return this;
  }

  /**
   * Closes the socket when the access token expires; an older token than the one held changes
   * nothing. A bot's token ({@code expiresAt} null) never expires: its revocation closes the socket.
   */
  private void expireAt(Instant expiresAt) {
    if (expiresAt == null || tokenExpiresAt != null && !expiresAt.isAfter(tokenExpiresAt)) {
      return;
    }
    tokenExpiresAt = expiresAt;
    Duration left = Duration.between(link.deps.clock().instant(), expiresAt);
    link.timers.startSingleTimer(Timeout.TOKEN, left.isNegative() ? Duration.ZERO : left);
  }

  private Behavior<Command> onTokenExpired() {
    getContext().getLog().info("Session {} closed: the access token of user {} expired", link.sessionId, user.userId());
    return close(CloseCode.AUTH_FAILED, "token expired");
  }

  // Channels, and the session

  private Behavior<Command> onFetch(Fetch fetch) {
    subscriptions.fetch(fetch);
    return this;
  }

  private Behavior<Command> onFilled(Filled filled) {
    subscriptions.filled(filled);
    return this;
  }

  private Behavior<Command> onRetryFill(RetryFill retry) {
    subscriptions.retryFill(retry);
    return this;
  }

  private Behavior<Command> onRejoined(Rejoined rejoined) {
    subscriptions.rejoined(rejoined);
    return this;
  }

  private Behavior<Command> onRetryRejoin(RetryRejoin retry) {
    subscriptions.retryRejoin(retry);
    return this;
  }

  private Behavior<Command> onRenew() {
    link.deps.chat().keepAttached(user.userId(), link.notices);
    return this;
  }

  private Behavior<Command> onNoticed(Noticed noticed) {
    UserSession.Notice notice = noticed.notice();
    if (notice instanceof UserSession.SignedOut signedOut) {
      return onSignedOut(signedOut);
    }
    if (notice instanceof UserSession.ChannelAdded added) {
      subscriptions.added(added);
    } else if (notice instanceof UserSession.ChannelRemoved removed) {
      subscriptions.removed(removed);
    } else if (notice instanceof UserSession.WorkspaceRemoved removed) {
      subscriptions.unfollowPresence(removed.workspaceId());
      link.send(new ServerFrame.Event(Ephemeral.WORKSPACE_REMOVED, WireMapping.workspaceRemoved(removed)));
    } else if (notice instanceof UserSession.Reattached reattached) {
      subscriptions.followPresence(
          reattached.channels().values().stream().map(UserSession.ChannelMembership::workspaceId).collect(Collectors.toSet()));
      subscriptions.resync(reattached);
    } else if (notice instanceof UserSession.ReadUpdated read) {
      link.send(new ServerFrame.Event(Ephemeral.READ, WireMapping.read(read)));
    } else if (notice instanceof UserSession.PresenceChanged presence) {
      subscriptions.presenceChanged(presence);
    } else if (notice instanceof UserSession.PresenceBatch batch) {
      subscriptions.presenceChanged(batch.changes());
    } else if (notice instanceof UserSession.CallSignalled call) {
      link.send(new ServerFrame.Event(Ephemeral.CALL_SIGNAL, WireMapping.callSignal(call)));
    }
    return this;
  }

  /**
   * The user's logins ended (a deactivation, a password reset) or all but one did (a password
   * change on another login): a socket of an ended login closes with 4001 at once.
   */
  private Behavior<Command> onSignedOut(UserSession.SignedOut signedOut) {
    if (signedOut.keptFamily() != null && signedOut.keptFamily().equals(user.familyId())) {
      return this;
    }
    getContext().getLog().info("Session {} closed: the login of user {} ended", link.sessionId, user.userId());
    return close(CloseCode.AUTH_FAILED, "signed out");
  }
}
