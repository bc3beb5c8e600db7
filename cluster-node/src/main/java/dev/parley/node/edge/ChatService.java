package dev.parley.node.edge;

import dev.parley.node.Acknowledged;
import dev.parley.node.Ids;
import dev.parley.node.Rejections;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.bots.BotStore;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.erasure.RetentionPolicies;
import dev.parley.node.files.FileService;
import dev.parley.node.hooks.HookStore;
import dev.parley.node.notify.Preferences;
import dev.parley.node.session.UserSession;
import dev.parley.node.subscriptions.ReceiverPolicy;
import dev.parley.node.subscriptions.SubscriptionStore;
import dev.parley.node.workspace.ChannelCompleter;
import dev.parley.node.workspace.Role;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ChannelRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.LiveRequest;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.NotifyRequest;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import dev.parley.protocol.WorkspaceRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The operations of the contract as conversations with the entities: the authority (Workspace or
 * Channel) decides first, then the user's index (UserSession) records the result. Each step is
 * idempotent, so a client that retries after {@code unavailable} completes what was started and
 * never gets half a result. Used by WebSocket connections and the HTTP API alike. Message and live
 * (typing, read, presence, calls) operations are in {@link MessageOps} and {@link LiveOps}, those of
 * channels and DMs in {@link ChannelOps}, those of workspace owners and admins in {@link
 * WorkspaceAdminOps}, those of incoming webhooks in {@link HookOps}, those of bot accounts in {@link
 * BotOps} (what a bot may not do is refused by {@link BotGuard}), those of event subscriptions in
 * {@link SubscriptionOps}.
 */
public final class ChatService {
  private final Entities entities;
  private final ChannelOps channels;
  private final MessageOps messages;
  private final LiveOps live;
  private final AccountOps accounts;
  private final OwnerAudit audit;
  private final WorkspaceAdminOps workspaceAdmin;
  private final HookOps hooks;
  private final NotifyOps notify;
  private final BotOps bots;
  private final BotGuard botGuard;
  private final SubscriptionOps subscriptions;

  /**
   * {@code accounts} runs the {@code account.*} and {@code admin.*} ops; {@code files} claims the
   * files of posts and removes those of deleted ones; {@code hookStore} keeps the incoming
   * webhooks, whose URLs start with {@code publicUrl} (empty: relative to the node);
   * {@code preferences} holds the notification preferences ({@code notify.*}); {@code botStore}
   * the bot accounts and their tokens ({@code bot.*}); {@code subscriptionStore} the outgoing event
   * subscriptions, whose URLs {@code receiverPolicy} checks.
   */
  public ChatService(
      ActorSystem<?> system,
      Duration askTimeout,
      Entities entities,
      Limits limits,
      AccountOps accounts,
      FileService files,
      RetentionPolicies retentionPolicies,
      HookStore hookStore,
      String publicUrl,
      Preferences preferences,
      BotStore botStore,
      SubscriptionStore subscriptionStore,
      ReceiverPolicy receiverPolicy) {
    this.entities = entities;
    this.accounts = accounts;
    this.audit = new OwnerAudit(system, askTimeout);
    this.channels = new ChannelOps(entities, limits);
    this.messages = new MessageOps(entities, files);
    this.live = new LiveOps(entities);
    this.workspaceAdmin = new WorkspaceAdminOps(entities, audit, retentionPolicies);
    this.hooks = new HookOps(entities, audit, hookStore, publicUrl, Clock.systemUTC());
    this.notify = new NotifyOps(entities, preferences);
    this.bots = new BotOps(entities, audit, botStore, workspaceAdmin, Clock.systemUTC());
    this.botGuard = new BotGuard(entities, workspaceAdmin);
    this.subscriptions = new SubscriptionOps(entities, audit, subscriptionStore, receiverPolicy, Clock.systemUTC());
  }

  /** Posting through incoming webhooks ({@code POST /v1/hooks/<token>}). */
  public HookOps hooks() {
    return hooks;
  }

  /**
   * Runs one request (anything but {@code auth}) for an authenticated user, without a live
   * connection: the HTTP API. The user's session is asked first whether the account is still
   * active, since an access token outlives a deactivation by up to its lifetime. ({@code
   * GetState}, which every version answers, so that the HTTP API keeps working during a rolling
   * update from a version without deactivation.)
   */
  public CompletionStage<Object> handle(AuthenticatedUser user, Request request) {
    return sessionState(user.userId())
        .thenCompose(
            state -> {
              if (state.suspended()) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this account is deactivated");
              }
              return handle(user, null, request);
            });
  }

  /**
   * Runs one request; {@code origin} is the connection it came on (null over HTTP), so that
   * what the user's other connections hear of it is not echoed back.
   */
  public CompletionStage<Object> handle(AuthenticatedUser user, ActorRef<UserSession.Notice> origin, Request request) {
    if (Ids.isBot(user.userId())) {
      return botGuard.check(user.userId(), request).thenCompose(allowed -> run(user, origin, request));
    }
    return run(user, origin, request);
  }

  private CompletionStage<Object> run(AuthenticatedUser user, ActorRef<UserSession.Notice> origin, Request request) {
    try {
      return dispatch(user, origin, request).thenApply(Function.identity());
    } catch (ProtocolException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<?> dispatch(AuthenticatedUser user, ActorRef<UserSession.Notice> origin, Request request) {
    String userId = user.userId();
    if (request instanceof Request.Ping) {
      return CompletableFuture.completedFuture(new Reply.Empty());
    } else if (accounts.serves(request)) {
      return accounts.handle(user, request);
    } else if (request instanceof WorkspaceRequest.WorkspaceCreate r) {
      return workspaceCreate(user, r);
    } else if (workspaceAdmin.serves(request)) {
      return workspaceAdmin.handle(userId, request);
    } else if (hooks.serves(request)) {
      return hooks.handle(userId, request);
    } else if (bots.serves(request)) {
      return bots.handle(userId, request);
    } else if (subscriptions.serves(request)) {
      return subscriptions.handle(userId, request);
    } else if (request instanceof WorkspaceRequest.WorkspaceJoin r) {
      return workspaceJoin(user, r);
    } else if (request instanceof WorkspaceRequest.WorkspaceMembers r) {
      return live.members(userId, r.workspaceId());
    } else if (request instanceof WorkspaceRequest.WorkspaceRole r) {
      return workspaceRole(userId, r);
    } else if (request instanceof WorkspaceRequest.WorkspaceChannels r) {
      return workspaceChannels(userId, r);
    } else if (request instanceof ChannelRequest.ChannelCreate r) {
      return channels.create(userId, r);
    } else if (request instanceof ChannelRequest.ChannelJoin r) {
      return channels.join(userId, r);
    } else if (request instanceof ChannelRequest.ChannelLeave r) {
      return channels.leave(userId, r);
    } else if (request instanceof ChannelRequest.ChannelAdd r) {
      return channels.add(userId, r);
    } else if (request instanceof ChannelRequest.ChannelTopic r) {
      return channels.topic(userId, r);
    } else if (request instanceof ChannelRequest.DmOpen r) {
      return channels.openDm(userId, r);
    } else if (request instanceof MessageRequest.MessagePost r) {
      return messages.post(userId, r);
    } else if (request instanceof MessageRequest.MessageEdit r) {
      return messages.edit(userId, r);
    } else if (request instanceof MessageRequest.MessageDelete r) {
      return messages.delete(userId, r);
    } else if (request instanceof MessageRequest.ReactionAdd r) {
      return messages.react(userId, r.channelId(), r.seq(), r.emoji(), true);
    } else if (request instanceof MessageRequest.ReactionRemove r) {
      return messages.react(userId, r.channelId(), r.seq(), r.emoji(), false);
    } else if (request instanceof MessageRequest.History r) {
      return messages.history(userId, r);
    } else if (request instanceof MessageRequest.Thread r) {
      return messages.thread(userId, r);
    } else if (request instanceof LiveRequest.Typing r) {
      return live.typing(userId, r);
    } else if (request instanceof MessageRequest.Read r) {
      return live.read(userId, origin, r);
    } else if (request instanceof LiveRequest.PresenceSet r) {
      return live.setPresence(userId, r);
    } else if (request instanceof LiveRequest.CallSignal r) {
      return live.signal(userId, r);
    } else if (request instanceof NotifyRequest.NotifyGet) {
      return notify.get(userId);
    } else if (request instanceof NotifyRequest.NotifySet r) {
      return notify.set(userId, r);
    }
    throw ProtocolException.badRequest("op '" + request.op() + "' is not available here");
  }

  private CompletionStage<Reply.WorkspaceCreated> workspaceCreate(AuthenticatedUser user, WorkspaceRequest.WorkspaceCreate r) {
    String workspaceId = Ids.workspace();
    return entities
        .<Workspace.Summary>askWorkspace(
            workspaceId, replyTo -> new Workspace.Create(r.name(), user.userId(), user.username(), replyTo))
        .thenCompose(summary -> recordWorkspace(user.userId(), summary).thenApply(done -> summary))
        .thenApply(summary -> new Reply.WorkspaceCreated(WireMapping.workspace(summary)));
  }

  private CompletionStage<Reply.WorkspaceCreated> workspaceJoin(AuthenticatedUser user, WorkspaceRequest.WorkspaceJoin r) {
    String[] parts = Workspace.splitInviteCode(r.code());
    if (parts == null) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "invalid invite code");
    }
    return entities
        .<Workspace.Summary>askWorkspace(
            parts[0], replyTo -> new Workspace.Join(parts[1], user.userId(), user.username(), replyTo))
        .thenCompose(summary -> recordWorkspace(user.userId(), summary).thenApply(done -> summary))
        .thenApply(summary -> new Reply.WorkspaceCreated(WireMapping.workspace(summary)));
  }

  private CompletionStage<Reply.Empty> workspaceRole(String userId, WorkspaceRequest.WorkspaceRole r) {
    return entities
        .<Workspace.Summary>askWorkspace(
            r.workspaceId(), replyTo -> new Workspace.SetRole(userId, r.userId(), Role.fromWire(r.role()), replyTo))
        .thenCompose(summary -> recordWorkspace(r.userId(), summary))
        .thenCompose(done -> audit.record(userId, r.op(), r.userId(), "workspace " + r.workspaceId() + ", role " + r.role()))
        .thenApply(done -> new Reply.Empty());
  }

  private CompletionStage<Acknowledged> recordWorkspace(String userId, Workspace.Summary summary) {
    return entities.askSession(
        userId,
        replyTo -> new UserSession.RecordWorkspace(summary.workspaceId(), summary.name(), summary.role(), replyTo));
  }

  /** Public channels, and the private ones the caller is in, as each private channel confirms. */
  private CompletionStage<Views.Channels> workspaceChannels(String userId, WorkspaceRequest.WorkspaceChannels r) {
    CompletionStage<Workspace.Directory> directory =
        entities.askWorkspace(r.workspaceId(), replyTo -> new Workspace.ListChannels(userId, replyTo));
    return directory
        .thenCombine(sessionState(userId), (dir, state) -> dir.channels().stream()
            .filter(e -> e.kind() == ChannelKind.PUBLIC || state.channels().containsKey(e.channelId()))
            .toList())
        .thenCompose(
            candidates -> {
              List<CompletableFuture<Boolean>> visible = new ArrayList<>();
              for (Workspace.ChannelEntry entry : candidates) {
                visible.add(
                    entry.kind() == ChannelKind.PUBLIC
                        ? CompletableFuture.completedFuture(true)
                        : membership(userId, entry.channelId()).thenApply(Optional::isPresent).toCompletableFuture());
              }
              return CompletableFuture.allOf(visible.toArray(CompletableFuture[]::new))
                  .thenApply(
                      done -> {
                        List<Views.Channel> channels = new ArrayList<>();
                        for (int i = 0; i < candidates.size(); i++) {
                          Workspace.ChannelEntry e = candidates.get(i);
                          if (visible.get(i).join()) {
                            channels.add(WireMapping.channel(e, r.workspaceId()));
                          }
                        }
                        return new Views.Channels(channels);
                      });
            });
  }

  /**
   * The steps after a channel name's reservation, for a creation its requester left half done
   * (see {@link ChannelOps#create}).
   */
  public CompletionStage<ChannelCompleter.Result> completeChannel(String workspaceId, Workspace.PendingChannel pending) {
    return channels.complete(workspaceId, pending);
  }

  /** A range of a channel's log, as {@code userId} may read it. */
  public CompletionStage<Channel.EventsPage> readEvents(
      String userId, String channelId, long afterSeq, long beforeSeq, int limit) {
    return entities.askChannel(channelId, replyTo -> new Channel.ReadEvents(userId, afterSeq, beforeSeq, limit, replyTo));
  }

  /**
   * The channel's summary if {@code userId} is a member of it now, as the channel itself says;
   * empty if not, or if there is no such channel. Fails only when the channel could not answer.
   */
  public CompletionStage<Optional<Channel.Summary>> membership(String userId, String channelId) {
    return entities
        .<Channel.Summary>askChannel(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenApply(summary -> summary.member() ? Optional.of(summary) : Optional.<Channel.Summary>empty())
        .exceptionally(
            failure -> {
              ProtocolException error = Rejections.toProtocol(failure);
              if (error.code() == ErrorCode.NOT_FOUND || error.code() == ErrorCode.FORBIDDEN) {
                return Optional.empty();
              }
              throw error;
            });
  }

  /** Attaches a live connection to the user's session; answered with the user's memberships. */
  public CompletionStage<UserSession.State> attach(String userId, ActorRef<UserSession.Notice> connection) {
    return entities.askSession(userId, replyTo -> new UserSession.Attach(connection, replyTo));
  }

  public void keepAttached(String userId, ActorRef<UserSession.Notice> connection) {
    entities.session(userId).tell(new UserSession.KeepAttached(connection));
  }

  public void detach(String userId, ActorRef<UserSession.Notice> connection) {
    entities.session(userId).tell(new UserSession.Detach(connection));
  }

  private CompletionStage<UserSession.State> sessionState(String userId) {
    return entities.askSession(userId, UserSession.GetState::new);
  }
}
