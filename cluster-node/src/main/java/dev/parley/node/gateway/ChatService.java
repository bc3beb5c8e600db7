package dev.parley.node.gateway;

import dev.parley.node.Acknowledged;
import dev.parley.node.Ids;
import dev.parley.node.Outcome;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The operations of the contract as conversations with the entities: the authority (Workspace or
 * Channel) decides first, then the user's index (UserSession) records the result. Each step is
 * idempotent, so a client that retries after {@code unavailable} completes what was started and
 * never gets half a result. Used by WebSocket connections and the HTTP API alike.
 */
public final class ChatService {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public ChatService(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  /** Runs one request (anything but {@code auth}) for an authenticated user. */
  public CompletionStage<Object> handle(AuthenticatedUser user, Request request) {
    try {
      return dispatch(user, request).thenApply(Function.identity());
    } catch (ProtocolException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<?> dispatch(AuthenticatedUser user, Request request) {
    if (request instanceof Request.Ping) {
      return CompletableFuture.completedFuture(new Reply.Empty());
    } else if (request instanceof Request.WorkspaceCreate r) {
      return workspaceCreate(user, r);
    } else if (request instanceof Request.WorkspaceInvite r) {
      return workspace(r.workspaceId())
          .<Outcome<Workspace.Invite>>ask(replyTo -> new Workspace.CreateInvite(user.userId(), replyTo), askTimeout)
          .thenApply(Rejections::valueOf)
          .thenApply(invite -> new Reply.Invite(invite.code()));
    } else if (request instanceof Request.WorkspaceJoin r) {
      return workspaceJoin(user, r);
    } else if (request instanceof Request.WorkspaceMembers r) {
      return workspace(r.workspaceId())
          .<Outcome<Workspace.Members>>ask(replyTo -> new Workspace.GetMembers(user.userId(), replyTo), askTimeout)
          .thenApply(Rejections::valueOf)
          .thenApply(
              members ->
                  new Reply.Members(
                      members.members().stream()
                          .map(m -> new Views.Member(m.userId(), m.username(), m.role().wire(), null))
                          .toList()));
    } else if (request instanceof Request.WorkspaceChannels r) {
      return workspaceChannels(user, r);
    } else if (request instanceof Request.ChannelCreate r) {
      return channelCreate(user, r);
    } else if (request instanceof Request.ChannelJoin r) {
      return channelJoin(user, r);
    } else if (request instanceof Request.ChannelLeave r) {
      return channelLeave(user, r);
    } else if (request instanceof Request.MessagePost r) {
      return channel(r.channelId())
          .<Outcome<Channel.Posted>>ask(
              replyTo -> new Channel.Post(user.userId(), r.clientMsgId(), r.text(), r.threadSeq(), replyTo),
              askTimeout)
          .thenApply(Rejections::valueOf)
          .thenApply(posted -> new Reply.Posted(posted.seq(), posted.ts(), posted.duplicate() ? Boolean.TRUE : null));
    } else if (request instanceof Request.History r) {
      return history(user, r);
    }
    throw ProtocolException.badRequest("op '" + request.op() + "' is not available here");
  }

  private CompletionStage<Reply.WorkspaceCreated> workspaceCreate(AuthenticatedUser user, Request.WorkspaceCreate r) {
    String workspaceId = Ids.workspace();
    return workspace(workspaceId)
        .<Outcome<Workspace.Summary>>ask(
            replyTo -> new Workspace.Create(r.name(), user.userId(), user.username(), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenCompose(summary -> recordWorkspace(user, summary).thenApply(done -> summary))
        .thenApply(summary -> new Reply.WorkspaceCreated(WireMapping.workspace(summary)));
  }

  private CompletionStage<Reply.WorkspaceCreated> workspaceJoin(AuthenticatedUser user, Request.WorkspaceJoin r) {
    String[] parts = Workspace.splitInviteCode(r.code());
    if (parts == null) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "invalid invite code");
    }
    return workspace(parts[0])
        .<Outcome<Workspace.Summary>>ask(
            replyTo -> new Workspace.Join(parts[1], user.userId(), user.username(), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenCompose(summary -> recordWorkspace(user, summary).thenApply(done -> summary))
        .thenApply(summary -> new Reply.WorkspaceCreated(WireMapping.workspace(summary)));
  }

  private CompletionStage<Acknowledged> recordWorkspace(AuthenticatedUser user, Workspace.Summary summary) {
    return session(user.userId())
        .<Outcome<Acknowledged>>ask(
            replyTo -> new UserSession.RecordWorkspace(summary.workspaceId(), summary.name(), summary.role(), replyTo),
            askTimeout)
        .thenApply(Rejections::valueOf);
  }

  /** Public channels, and the private ones the caller is in. */
  private CompletionStage<Views.Channels> workspaceChannels(AuthenticatedUser user, Request.WorkspaceChannels r) {
    CompletionStage<Workspace.Directory> directory =
        workspace(r.workspaceId())
            .<Outcome<Workspace.Directory>>ask(replyTo -> new Workspace.ListChannels(user.userId(), replyTo), askTimeout)
            .thenApply(Rejections::valueOf);
    return directory.thenCombine(
        sessionState(user.userId()),
        (dir, state) ->
            new Views.Channels(
                dir.channels().stream()
                    .filter(e -> e.kind() == ChannelKind.PUBLIC || state.channels().containsKey(e.channelId()))
                    .map(e -> new Views.Channel(e.channelId(), r.workspaceId(), e.name(), e.kind().wire(), null, null, null))
                    .toList()));
  }

  private CompletionStage<Reply.ChannelOk> channelCreate(AuthenticatedUser user, Request.ChannelCreate r) {
    ChannelKind kind = Boolean.TRUE.equals(r.isPrivate()) ? ChannelKind.PRIVATE : ChannelKind.PUBLIC;
    String proposedId = Ids.channel();
    return workspace(r.workspaceId())
        .<Outcome<Workspace.ChannelEntry>>ask(
            replyTo -> new Workspace.RegisterChannel(user.userId(), proposedId, r.name(), kind, replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenCompose(
            entry ->
                channel(entry.channelId())
                    .<Outcome<Channel.Summary>>ask(
                        replyTo ->
                            new Channel.Create(r.workspaceId(), r.name(), kind, r.topic(), user.userId(), replyTo),
                        askTimeout))
        .thenApply(Rejections::valueOf)
        .thenCompose(summary -> recordChannel(user, summary, 1))
        .thenApply(summary -> new Reply.ChannelOk(WireMapping.channel(summary, 0)));
  }

  private CompletionStage<Reply.ChannelOk> channelJoin(AuthenticatedUser user, Request.ChannelJoin r) {
    return channel(r.channelId())
        .<Outcome<Channel.Summary>>ask(replyTo -> new Channel.GetSummary(user.userId(), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenCompose(
            summary ->
                workspace(summary.workspaceId())
                    .<Outcome<Workspace.Summary>>ask(
                        replyTo -> new Workspace.GetMembership(user.userId(), replyTo), askTimeout))
        .thenApply(outcome -> channelOnlyIfMember(outcome))
        .thenCompose(
            ignored ->
                channel(r.channelId())
                    .<Outcome<Channel.Joined>>ask(replyTo -> new Channel.Join(user.userId(), replyTo), askTimeout))
        .thenApply(Rejections::valueOf)
        .thenCompose(joined -> recordChannel(user, joined.channel(), joined.seq()))
        .thenApply(summary -> new Reply.ChannelOk(WireMapping.channel(summary, 0)));
  }

  /** Outsiders of the workspace must not learn that its channel exists. */
  private static Workspace.Summary channelOnlyIfMember(Outcome<Workspace.Summary> outcome) {
    if (outcome instanceof Outcome.Accepted<Workspace.Summary> accepted) {
      return accepted.value();
    }
    throw new ProtocolException(ErrorCode.NOT_FOUND, "no such channel");
  }

  private CompletionStage<Reply.Empty> channelLeave(AuthenticatedUser user, Request.ChannelLeave r) {
    return channel(r.channelId())
        .<Outcome<Channel.Left>>ask(replyTo -> new Channel.Leave(user.userId(), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenCompose(
            left ->
                session(user.userId())
                    .<Outcome<Acknowledged>>ask(replyTo -> new UserSession.ForgetChannel(r.channelId(), replyTo), askTimeout))
        .thenApply(Rejections::valueOf)
        .thenApply(done -> new Reply.Empty());
  }

  private CompletionStage<Channel.Summary> recordChannel(AuthenticatedUser user, Channel.Summary summary, long joinedSeq) {
    return session(user.userId())
        .<Outcome<Acknowledged>>ask(
            replyTo -> new UserSession.RecordChannel(WireMapping.membership(summary), joinedSeq, replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenApply(done -> summary);
  }

  private CompletionStage<Reply.History> history(AuthenticatedUser user, Request.History r) {
    long after = r.after() == null ? -1 : r.after();
    long before = r.before() == null ? -1 : r.before();
    return readEvents(user.userId(), r.channelId(), after, before, r.limit())
        .thenApply(
            page ->
                new Reply.History(
                    page.events().stream().map(e -> WireMapping.historyEntry(r.channelId(), e)).toList(),
                    page.hasMore()));
  }

  /** A range of a channel's log, as {@code userId} may read it. */
  public CompletionStage<Channel.EventsPage> readEvents(
      String userId, String channelId, long afterSeq, long beforeSeq, int limit) {
    return channel(channelId)
        .<Outcome<Channel.EventsPage>>ask(
            replyTo -> new Channel.ReadEvents(userId, afterSeq, beforeSeq, limit, replyTo), askTimeout)
        .thenApply(Rejections::valueOf);
  }

  public CompletionStage<Channel.Summary> channelSummary(String userId, String channelId) {
    return channel(channelId)
        .<Outcome<Channel.Summary>>ask(replyTo -> new Channel.GetSummary(userId, replyTo), askTimeout)
        .thenApply(Rejections::valueOf);
  }

  /** Attaches a live connection to the user's session; answered with the user's memberships. */
  public CompletionStage<UserSession.State> attach(String userId, ActorRef<UserSession.Notice> connection) {
    return session(userId)
        .<Outcome<UserSession.State>>ask(replyTo -> new UserSession.Attach(connection, replyTo), askTimeout)
        .thenApply(Rejections::valueOf);
  }

  public void keepAttached(String userId, ActorRef<UserSession.Notice> connection) {
    session(userId).tell(new UserSession.KeepAttached(connection));
  }

  public void detach(String userId, ActorRef<UserSession.Notice> connection) {
    session(userId).tell(new UserSession.Detach(connection));
  }

  private CompletionStage<UserSession.State> sessionState(String userId) {
    return session(userId)
        .<Outcome<UserSession.State>>ask(UserSession.GetState::new, askTimeout)
        .thenApply(Rejections::valueOf);
  }

  /** The user's workspaces as the contract lists them. */
  public static List<Views.Workspace> workspaces(UserSession.State state) {
    return state.workspaces().values().stream()
        .map(WireMapping::workspace)
        .sorted(Comparator.comparing(Views.Workspace::name))
        .toList();
  }

  private EntityRef<Workspace.Command> workspace(String workspaceId) {
    return sharding.entityRefFor(Workspace.ENTITY_KEY, entityId(workspaceId));
  }

  private EntityRef<Channel.Command> channel(String channelId) {
    return sharding.entityRefFor(Channel.ENTITY_KEY, entityId(channelId));
  }

  private EntityRef<UserSession.Command> session(String userId) {
    return sharding.entityRefFor(UserSession.ENTITY_KEY, entityId(userId));
  }

  /**
   * Ids come from clients, and some strings cannot be an entity's id: Pekko reserves '|' in
   * persistence ids (the entity would fail to start) and PostgreSQL text cannot hold NUL. No
   * entity has such an id, so it is {@code not_found} before any entity is asked.
   */
  private static String entityId(String id) {
    if (id.indexOf('|') >= 0 || id.chars().anyMatch(Character::isISOControl)) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "nothing has this id");
    }
    return id;
  }
}
