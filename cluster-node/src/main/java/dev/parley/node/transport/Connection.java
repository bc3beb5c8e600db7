package dev.parley.node.transport;

import dev.parley.node.Rejections;
import dev.parley.node.TokenBucket;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.TokenService;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelHub;
import dev.parley.node.edge.ChatService;
import dev.parley.node.edge.WireMapping;
import dev.parley.node.logging.LogContext;
import dev.parley.node.session.PresenceHub;
import dev.parley.node.session.UserSession;
import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.Views;
import dev.parley.protocol.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.MDC;

/**
 * One WebSocket connection. Before {@code auth} it accepts nothing else and closes with 4001 when
 * the deadline passes or the token is bad; it closes with 4001 too when the access token expires,
 * unless the client sent a fresher one of the same user ({@code auth} again). After {@code auth},
 * it runs requests (several may be in flight; the socket is not read further while {@code
 * max-in-flight} are) and delivers the events of every channel the user is in. Live events reach
 * the socket's {@link Outbox} from the node's hub directly, each through a {@link ChannelCursor}
 * so the client sees every event once and in order; this actor fetches the holes the outbox finds.
 */
public final class Connection extends AbstractBehavior<Connection.Command> {

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

  private enum Timeout implements Command {
    AUTH,
    TOKEN,
    CLOSE
  }

  private enum Renew implements Command {
    INSTANCE
  }

  private record AuthDone(
      RequestCounter op,
      String ref,
      TokenService.AccessClaims access,
      UserSession.State state,
      Map<String, Channel.Summary> channels,
      Map<String, Long> resume,
      Throwable failure)
      implements Command {}

  private record Answered(RequestCounter op, String ref, Object data, Throwable failure) implements Command {}

  private record Noticed(UserSession.Notice notice) implements Command {}

  /** The outbox found a hole in a channel: fetch it from the log. */
  private record Fetch(String channelId, ChannelCursor.Missing missing) implements Command {}

  private record Filled(String channelId, Channel.EventsPage page, Throwable failure) implements Command {}

  /** The outbox closed the socket: the client did not read fast enough. */
  private enum SlowConsumer implements Command {
    INSTANCE
  }

  private record RetryFill(String channelId) implements Command {}

  /** Whether a channel the session lists after moving has the user as a member; {@code failure}: ask again. */
  private record Rejoined(
      UserSession.ChannelMembership channel, long readSeq, Optional<Channel.Summary> member, Throwable failure)
      implements Command {
    RetryRejoin retry() {
      return new RetryRejoin(channel, readSeq);
    }
  }

  private record RetryRejoin(UserSession.ChannelMembership channel, long readSeq) implements Command {}

  /** What a connection needs from its node. */
  public record Dependencies(
      WireCodec codec,
      TokenService tokens,
      ChatService chat,
      ActorRef<ChannelHub.Command> hub,
      ActorRef<PresenceHub.Command> presence,
      WireFrames frames,
      ConnectionRegistry registry,
      ConnectionSettings settings,
      Clock clock) {}

  /** {@code slot}: the socket's place in the node's {@link SocketQuota}, given back when this actor stops. */
  public static Behavior<Command> create(
      Dependencies deps, String sessionId, Outbox outbox, InboundCredit credit, SocketQuota.Slot slot) {
    return Behaviors.setup(
        context -> {
          Map<String, String> mdc = new HashMap<>(Map.of(LogContext.SESSION_ID, sessionId));
          return LogContext.withMdc(
              () -> mdc,
              Behaviors.withTimers(
                  timers -> {
                    timers.startSingleTimer(Timeout.AUTH, deps.settings().authTimeout());
                    return new Connection(context, timers, deps, sessionId, outbox, credit, mdc, slot);
                  }));
        });
  }

  private final TimerScheduler<Command> timers;
  private final Dependencies deps;
  private final String sessionId;
  private final Outbox outbox;
  private final InboundCredit credit;
  /** What this connection's log lines carry: its session, and its user once authenticated. */
  private final Map<String, String> mdc;
  private final SocketQuota.Slot slot;
  private final ActorRef<UserSession.Notice> notices;
  /** The presence last sent per user: a user in several shared workspaces is announced once per change. */
  private final Map<String, String> presenceSeen = new HashMap<>();

  private final TokenBucket requests;
  /**
   * Refusals the client may still earn before it is cut off: {@code abuse-limit} of them, given
   * back over {@code abuse-window}. Counting refusals over time rather than in a row means a flood
   * is cut off even when the odd request slips through as the request bucket refills.
   */
  private final TokenBucket refusals;
  private AuthenticatedUser user;
  /** When the newest access token the client authenticated with expires: the socket closes then. */
  private Instant tokenExpiresAt;
  private boolean authenticating;
  private boolean closing;
  private int inFlight;
  /** The socket's credit for the last message, held back while too many requests are in flight. */
  private boolean creditOwed;

  private Connection(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Dependencies deps,
      String sessionId,
      Outbox outbox,
      InboundCredit credit,
      Map<String, String> mdc,
      SocketQuota.Slot slot) {
    super(context);
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
    this.requests = new TokenBucket(deps.settings().requestsPerSecond(), deps.settings().requestBurst(), System::nanoTime);
    this.refusals =
        new TokenBucket(
            deps.settings().abuseLimit() / (double) deps.settings().abuseWindow().toSeconds(),
            deps.settings().abuseLimit(),
            System::nanoTime);
    deps.registry().register(context.getSelf(), outbox);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Received.class, this::onReceived)
        .onMessage(AuthDone.class, this::onAuthDone)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Noticed.class, this::onNoticed)
        .onMessage(Fetch.class, this::onFetch)
        .onMessage(Filled.class, this::onFilled)
        .onMessage(RetryFill.class, this::onRetryFill)
        .onMessageEquals(SlowConsumer.INSTANCE, this::onSlowConsumer)
        .onMessage(Rejoined.class, this::onRejoined)
        .onMessage(RetryRejoin.class, this::onRetryRejoin)
        .onMessageEquals(Renew.INSTANCE, this::onRenew)
        .onMessageEquals(Timeout.AUTH, this::onAuthTimeout)
        .onMessageEquals(Timeout.TOKEN, this::onTokenExpired)
        .onMessageEquals(Drain.INSTANCE, this::onDrain)
        .onMessageEquals(Timeout.CLOSE, Behaviors::stopped)
        .onMessageEquals(SocketClosed.INSTANCE, Behaviors::stopped)
        .onSignal(PostStop.class, signal -> onStop())
        .build();
  }

  // Requests

  private Behavior<Command> onReceived(Received received) {
    Behavior<Command> next = closing ? this : handle(received.inbound());
    if (inFlight < deps.settings().maxInFlight()) {
      credit.giveBack();
    } else {
      creditOwed = true;
    }
    return next;
  }

  private Behavior<Command> handle(Inbound inbound) {
    if (inbound instanceof Inbound.TooLarge) {
      RequestCounter.UNKNOWN.failed(ErrorCode.TOO_LARGE);
      return close(CloseCode.TOO_BIG, "frame too large");
    }
    if (inbound instanceof Inbound.Binary) {
      return rejectFrame(RequestCounter.UNKNOWN, null, ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text");
    }
    ClientFrame frame;
    try {
      frame = deps.codec().decodeRequest(((Inbound.Text) inbound).text());
    } catch (FrameException e) {
      return rejectFrame(RequestCounter.of(e.op()), e.ref(), e.code(), e.getMessage());
    }
    RequestCounter op = RequestCounter.of(frame.request().op());
    if (!requests.tryTake()) {
      return refuseOverRate(op, frame.ref());
    }
    if (frame.request() instanceof Request.Auth auth) {
      return onAuth(op, frame.ref(), auth);
    }
    if (user == null) {
      refuse(op, frame.ref(), ErrorCode.UNAUTHORIZED, "send auth first");
      return this;
    }
    run(op, frame.ref(), deps.chat().handle(user, notices, frame.request()));
    return this;
  }

  /** A frame that is no request still counts against the rate, so a flood of them is cut off too. */
  private Behavior<Command> rejectFrame(RequestCounter op, String ref, ErrorCode code, String message) {
    if (!requests.tryTake()) {
      return refuseOverRate(op, ref);
    }
    refuse(op, ref, code, message);
    return this;
  }

  /** Over the rate: refused before it reaches an entity; a client that keeps going is cut off. */
  private Behavior<Command> refuseOverRate(RequestCounter op, String ref) {
    op.failed(ErrorCode.RATE_LIMITED);
    RateLimitScope.CONNECTION.inc();
    if (!refusals.tryTake()) {
      getContext()
          .getLog()
          .warn("Session {} of user {} closed: kept sending over the rate limit", sessionId, user == null ? "-" : user.userId());
      return close(CloseCode.RATE_LIMIT_ABUSED, "rate limit abused");
    }
    send(new ServerFrame.Error(ref, ErrorCode.RATE_LIMITED, "too many requests; slow down"));
    return this;
  }

  private void run(RequestCounter op, String ref, CompletionStage<Object> work) {
    inFlight++;
    getContext().pipeToSelf(work, (data, failure) -> new Answered(op, ref, data, failure));
  }

  private Behavior<Command> onAnswered(Answered answered) {
    inFlight--;
    if (answered.failure() == null) {
      if (answered.data() instanceof Reply.WorkspaceCreated joined) {
        followPresence(Set.of(joined.workspace().id()));
      }
      answer(answered.op(), answered.ref(), answered.data());
    } else {
      ProtocolException error = Rejections.toProtocol(answered.failure());
      if (error.code() == ErrorCode.INTERNAL) {
        getContext().getLog().error("Session {} request failed", sessionId, answered.failure());
      }
      refuse(answered.op(), answered.ref(), error.code(), error.getMessage());
    }
    if (creditOwed && inFlight < deps.settings().maxInFlight()) {
      creditOwed = false;
      credit.giveBack();
    }
    return this;
  }

  // Authentication

  private Behavior<Command> onAuth(RequestCounter op, String ref, Request.Auth auth) {
    if (authenticating) {
      refuse(op, ref, ErrorCode.BAD_REQUEST, "auth is already under way");
      return this;
    }
    TokenService.AccessClaims verified;
    try {
      verified = deps.tokens().verifyAccessClaims(auth.token());
    } catch (ProtocolException e) {
      AuthFailure.ACCESS_TOKEN.inc();
      refuse(op, ref, ErrorCode.UNAUTHORIZED, e.getMessage());
      // An authenticated socket keeps the token it has, and closes when that one expires.
      return user == null ? close(CloseCode.AUTH_FAILED, "unauthorized") : this;
    }
    if (user != null) {
      return reauthenticate(op, ref, verified);
    }
    authenticating = true;
    getContext()
        .pipeToSelf(
            loadChannels(verified.user()),
            (result, failure) ->
                failure == null
                    ? new AuthDone(op, ref, verified, result.state(), result.channels(), auth.resume(), null)
                    : new AuthDone(op, ref, verified, null, null, auth.resume(), failure));
    return this;
  }

  /**
   * {@code auth} on an authenticated socket: a fresh token of the same user keeps it open until
   * that token expires. A socket never changes users: one user's socket carries only their data.
   */
  private Behavior<Command> reauthenticate(RequestCounter op, String ref, TokenService.AccessClaims verified) {
    if (!verified.user().userId().equals(user.userId())) {
      refuse(op, ref, ErrorCode.FORBIDDEN, "this socket is authenticated as another user");
      return this;
    }
    expireAt(verified.expiresAt());
    answer(op, ref, new Reply.Empty());
    return this;
  }

  /** Closes the socket when the access token expires; an older token than the one held changes nothing. */
  private void expireAt(Instant expiresAt) {
    if (tokenExpiresAt != null && !expiresAt.isAfter(tokenExpiresAt)) {
      return;
    }
    tokenExpiresAt = expiresAt;
    Duration left = Duration.between(deps.clock().instant(), expiresAt);
    timers.startSingleTimer(Timeout.TOKEN, left.isNegative() ? Duration.ZERO : left);
  }

  private Behavior<Command> onTokenExpired() {
    getContext().getLog().info("Session {} closed: the access token of user {} expired", sessionId, user.userId());
    return close(CloseCode.AUTH_FAILED, "token expired");
  }

  private record Loaded(UserSession.State state, Map<String, Channel.Summary> channels) {}

  /** The user's memberships and, for each channel, its newest seq; channels the user left are dropped. */
  private CompletionStage<Loaded> loadChannels(AuthenticatedUser verified) {
    return deps.chat()
        .attach(verified.userId(), notices)
        .thenCompose(
            state -> {
              Map<String, CompletableFuture<Optional<Channel.Summary>>> asks = new HashMap<>();
              for (String channelId : state.channels().keySet()) {
                asks.put(channelId, deps.chat().membership(verified.userId(), channelId).toCompletableFuture());
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
    if (done.failure() != null) {
      ProtocolException error = Rejections.toProtocol(done.failure());
      refuse(done.op(), done.ref(), error.code(), error.getMessage());
      if (error.code() == ErrorCode.RATE_LIMITED) {
        MDC.put(LogContext.USER_ID, done.access().user().userId());
        RateLimitScope.CONNECTIONS_PER_USER.inc();
        getContext().getLog().warn("Session {} refused: user {} has too many connections", sessionId, done.access().user().userId());
        return close(CloseCode.RATE_LIMIT_ABUSED, "too many connections");
      }
      if (error.code() == ErrorCode.UNAUTHORIZED) {
        getContext().getLog().info("Session {} refused: user {} is deactivated", sessionId, done.access().user().userId());
        return close(CloseCode.AUTH_FAILED, "unauthorized");
      }
      return this;
    }
    user = done.access().user();
    // The map is read before each later message; this message's MDC was set before it, so also now.
    mdc.put(LogContext.USER_ID, user.userId());
    MDC.put(LogContext.USER_ID, user.userId());
    slot.authenticated();
    timers.cancel(Timeout.AUTH);
    expireAt(done.access().expiresAt());
    timers.startTimerWithFixedDelay(Renew.INSTANCE, deps.settings().renewEvery());
    List<Views.Channel> channels = new ArrayList<>();
    done.channels().values().stream()
        .sorted(java.util.Comparator.comparing(Channel.Summary::name))
        .forEach(
            summary ->
                channels.add(
                    WireMapping.channel(
                        summary, done.state().readSeq(summary.channelId()), done.state().mentionCount(summary.channelId()))));
    answer(
        done.op(),
        done.ref(),
        new Reply.AuthOk(
            new Views.User(user.userId(), user.username(), user.displayName()),
            sessionId,
            ChatService.workspaces(done.state()),
            channels));
    getContext().getLog().info("Session {} authenticated user {} with {} channels", sessionId, user.userId(), channels.size());
    outbox.authenticated(user.userId());
    followPresence(done.state().workspaces().keySet());
    for (Channel.Summary summary : done.channels().values()) {
      long from = done.resume().getOrDefault(summary.channelId(), summary.lastSeq());
      follow(summary.channelId(), Math.min(from, summary.lastSeq()), summary.lastSeq());
    }
    return this;
  }

  private Behavior<Command> onDrain() {
    send(new ServerFrame.Event(Ephemeral.DRAINING, new Reply.Empty()));
    return close(CloseCode.DRAINING, "node draining");
  }

  private Behavior<Command> onAuthTimeout() {
    if (user != null) {
      return this;
    }
    return close(CloseCode.AUTH_FAILED, "no auth in time");
  }

  // Channel delivery

  /** Starts delivering a channel to this connection, from after {@code delivered}. */
  private void follow(String channelId, long delivered, long knownHead) {
    outbox.follow(channelId, delivered, knownHead);
  }

  private Behavior<Command> onFetch(Fetch fetch) {
    ChannelCursor.Missing missing = fetch.missing();
    getContext()
        .pipeToSelf(
            deps.chat().readEvents(user.userId(), fetch.channelId(), missing.fromSeq() - 1, -1, (int) missing.count()),
            (page, failure) -> new Filled(fetch.channelId(), page, failure));
    return this;
  }

  private Behavior<Command> onFilled(Filled filled) {
    String channelId = filled.channelId();
    if (filled.failure() != null) {
      outbox.fillFailed(channelId);
      ErrorCode code = Rejections.toProtocol(filled.failure()).code();
      if (code == ErrorCode.NOT_FOUND || code == ErrorCode.FORBIDDEN) {
        getContext().getLog().info("Session {} stopped following channel {}: its missed events were refused ({})", sessionId, channelId, code);
        outbox.unfollow(channelId);
      } else {
        timers.startSingleTimer(new RetryFill(channelId), deps.settings().fillRetry());
      }
      return this;
    }
    List<Outbox.Pending> events = new ArrayList<>();
    for (ChannelEvent.Sequenced event : filled.page().events()) {
      events.add(new Outbox.Pending(event, deps.frames().event(channelId, event)));
    }
    outbox.filled(channelId, events);
    return this;
  }

  private Behavior<Command> onRetryFill(RetryFill retry) {
    outbox.retryFill(retry.channelId());
    return this;
  }

  private Behavior<Command> onRetryRejoin(RetryRejoin retry) {
    if (!outbox.follows(retry.channel().channelId())) {
      rejoin(retry.channel(), retry.readSeq());
    }
    return this;
  }

  /**
   * The session forgot this connection (it moved or restarted), so channel notices may have been
   * lost meanwhile: drop what was left, and follow what was missed from the read marker, once each
   * channel confirms the user is in it (the session's list alone may be stale).
   */
  private void resync(UserSession.Reattached reattached) {
    for (String channelId : outbox.followed()) {
      if (!reattached.channels().containsKey(channelId)) {
        getContext().getLog().info("Session {} stopped following channel {}: the user's session no longer lists it", sessionId, channelId);
        outbox.unfollow(channelId);
      }
    }
    for (UserSession.ChannelMembership channel : reattached.channels().values()) {
      if (!outbox.follows(channel.channelId())) {
        rejoin(channel, reattached.readSeqs().getOrDefault(channel.channelId(), 0L));
      }
    }
  }

  private void rejoin(UserSession.ChannelMembership channel, long readSeq) {
    getContext()
        .pipeToSelf(
            deps.chat().membership(user.userId(), channel.channelId()),
            (member, failure) -> new Rejoined(channel, readSeq, member, failure));
  }

  private Behavior<Command> onRejoined(Rejoined rejoined) {
    String channelId = rejoined.channel().channelId();
    if (outbox.follows(channelId)) {
      return this;
    }
    if (rejoined.failure() != null) {
      timers.startSingleTimer(rejoined.retry(), deps.settings().fillRetry());
    } else if (rejoined.member().isPresent()) {
      announceAdded(WireMapping.channel(rejoined.channel(), null, rejoined.readSeq()));
      follow(channelId, rejoined.readSeq(), rejoined.readSeq());
    }
    return this;
  }

  private void announceAdded(Views.Channel channel) {
    send(new ServerFrame.Event(Ephemeral.CHANNEL_ADDED, new Ephemeral.ChannelAdded(channel)));
  }

  /** Before the auth reply only channel membership matters: events would come ahead of the reply. */
  private Behavior<Command> onNoticed(Noticed noticed) {
    UserSession.Notice notice = noticed.notice();
    if (notice instanceof UserSession.SignedOut signedOut) {
      return onSignedOut(signedOut);
    }
    if (user == null && !(notice instanceof UserSession.ChannelAdded)) {
      return this;
    }
    if (notice instanceof UserSession.ChannelAdded added) {
      UserSession.ChannelMembership channel = added.channel();
      if (user != null && !outbox.follows(channel.channelId())) {
        announceAdded(WireMapping.channel(channel, added.joinedSeq(), null));
      }
      if (user != null) {
        followPresence(Set.of(channel.workspaceId()));
      }
      follow(channel.channelId(), added.joinedSeq() - 1, added.joinedSeq());
    } else if (notice instanceof UserSession.ChannelRemoved removed) {
      outbox.unfollow(removed.channelId());
    } else if (notice instanceof UserSession.WorkspaceRemoved removed) {
      deps.presence().tell(new PresenceHub.Unsubscribe(notices, removed.workspaceId()));
      send(new ServerFrame.Event(Ephemeral.WORKSPACE_REMOVED, new Ephemeral.WorkspaceRemoved(removed.workspaceId())));
    } else if (notice instanceof UserSession.Reattached reattached) {
      followPresence(
          reattached.channels().values().stream().map(UserSession.ChannelMembership::workspaceId).collect(Collectors.toSet()));
      resync(reattached);
    } else if (notice instanceof UserSession.ReadUpdated read) {
      send(new ServerFrame.Event(Ephemeral.READ, new Ephemeral.Read(read.channelId(), read.seq())));
    } else if (notice instanceof UserSession.PresenceChanged presence) {
      if (!presence.status().equals(presenceSeen.put(presence.userId(), presence.status()))) {
        send(new ServerFrame.Event(Ephemeral.PRESENCE, new Ephemeral.Presence(presence.userId(), presence.status())));
      }
    } else if (notice instanceof UserSession.CallSignalled call) {
      send(
          new ServerFrame.Event(
              Ephemeral.CALL_SIGNAL, new Ephemeral.CallSignal(call.fromUserId(), call.callId(), call.kind(), call.payload())));
    }
    return this;
  }

  /**
   * The user's logins ended (a deactivation, a password reset) or all but one did (a password
   * change on another login): a socket of an ended login closes with 4001 at once. Before
   * {@code auth} succeeded there is no login to end yet.
   */
  private Behavior<Command> onSignedOut(UserSession.SignedOut signedOut) {
    if (user == null || (signedOut.keptFamily() != null && signedOut.keptFamily().equals(user.familyId()))) {
      return this;
    }
    getContext().getLog().info("Session {} closed: the login of user {} ended", sessionId, user.userId());
    return close(CloseCode.AUTH_FAILED, "signed out");
  }

  /**
   * Presence of the members of these workspaces comes to this connection from the node's presence
   * hub (adding to what it follows). A workspace is learnt at {@code auth}, from this connection's
   * own {@code workspace.create} and {@code workspace.join}, and from channels added in it: the
   * session sends no notice when the user joins a workspace through another connection.
   */
  private void followPresence(Set<String> workspaceIds) {
    if (!workspaceIds.isEmpty()) {
      deps.presence().tell(new PresenceHub.Subscribe(user.userId(), Set.copyOf(workspaceIds), notices));
    }
  }

  private Behavior<Command> onRenew() {
    deps.chat().keepAttached(user.userId(), notices);
    return this;
  }

  // Output and closing

  private void answer(RequestCounter op, String ref, Object data) {
    op.ok();
    send(new ServerFrame.Ok(ref, data));
  }

  private void refuse(RequestCounter op, String ref, ErrorCode code, String message) {
    op.failed(code);
    send(new ServerFrame.Error(ref, code, message));
  }

  private void send(ServerFrame frame) {
    outbox.send(frame);
  }

  private Behavior<Command> onSlowConsumer() {
    getContext().getLog().info("Session {} closed: client too slow to read", sessionId);
    closing = true;
    timers.startSingleTimer(Timeout.CLOSE, deps.settings().closeGrace());
    return this;
  }

  /** Sends what is queued, then closes the socket with {@code code}. */
  private Behavior<Command> close(int code, String reason) {
    if (outbox.close(code, reason)) {
      closing = true;
      timers.startSingleTimer(Timeout.CLOSE, deps.settings().closeGrace());
    }
    return this;
  }

  private Behavior<Command> onStop() {
    outbox.stopped();
    deps.registry().unregister(getContext().getSelf());
    slot.release();
    deps.hub().tell(new ChannelHub.UnsubscribeAll(outbox));
    if (user != null) {
      deps.presence().tell(new PresenceHub.UnsubscribeAll(notices));
      deps.chat().detach(user.userId(), notices);
    }
    return this;
  }
}
