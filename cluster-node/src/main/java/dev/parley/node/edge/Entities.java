package dev.parley.node.edge;

import dev.parley.node.EntityIds;
import dev.parley.node.Outcome;
import dev.parley.node.Rejections;
import dev.parley.node.SameThread;
import dev.parley.node.account.Account;
import dev.parley.node.channel.Channel;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The edge's way to the entities: asks with the node's timeout (shortened when a member is lost,
 * see {@link PendingAsks}), refusals as {@link
 * dev.parley.protocol.ProtocolException}. Channel ids that named no channel are answered here for
 * a while ({@link AbsentIds}); every ask to a channel goes through {@link #channelOutcome}, every
 * creation through {@link #createChannel}. One per node, built by boot: the administrators' ops
 * (admin) ask through it too, so that all asks of the node's upper layers fare alike.
 */
public final class Entities {
  private static final String NO_SUCH_CHANNEL = "no such channel";

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final AbsentIds absentChannels;
  private final PendingAsks pending;

  /**
   * Channel ids that named no channel are answered without asking for {@code absentIdsTtl}, at
   * most {@code absentIdsMax} of them.
   */
  public Entities(ActorSystem<?> system, Duration askTimeout, Duration absentIdsTtl, int absentIdsMax) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.absentChannels = new AbsentIds(absentIdsMax, absentIdsTtl, System::nanoTime);
    this.pending = new PendingAsks(system);
  }

  <T> CompletionStage<T> askWorkspace(String workspaceId, Function<ActorRef<Outcome<T>>, Workspace.Command> command) {
    return askOutcome(workspace(workspaceId), command).thenApply(Rejections::valueOf);
  }

  <T> CompletionStage<T> askChannel(String channelId, Function<ActorRef<Outcome<T>>, Channel.Command> command) {
    return channelOutcome(channelId, command).thenApply(Rejections::valueOf);
  }

  /**
   * A command to a channel as the channel answers it; {@code not_found} without asking when the id
   * named no channel lately. Not for {@link Channel.Create}: see {@link #createChannel}.
   */
  <T> CompletionStage<Outcome<T>> channelOutcome(String channelId, Function<ActorRef<Outcome<T>>, Channel.Command> command) {
    if (absentChannels.isAbsent(channelId)) {
      return CompletableFuture.completedFuture(Outcome.notFound(NO_SUCH_CHANNEL));
    }
    long ticket = absentChannels.ticket();
    return askOutcome(channel(channelId), command)
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Rejected<T> rejected && rejected.absent()) {
                absentChannels.remember(channelId, ticket);
              }
              return outcome;
            });
  }

  /**
   * A {@link Channel.Create}: its id is forgotten as absent before and after, so that neither an
   * earlier miss nor one that raced the creation hides the new channel on this node.
   */
  <T> CompletionStage<T> createChannel(String channelId, Function<ActorRef<Outcome<T>>, Channel.Command> command) {
    absentChannels.forget(channelId);
    return askOutcome(channel(channelId), command)
        .whenComplete((outcome, failure) -> absentChannels.forget(channelId))
        .thenApply(Rejections::valueOf);
  }

  /**
   * A command of {@code userId} to a channel. The Channel refuses a public channel to whoever is
   * not in it as {@code forbidden}; to someone outside the channel's workspace that becomes
   * {@code not_found}, since only the workspace's members may see its public channels.
   */
  <T> CompletionStage<T> askChannelAs(
      String userId, String channelId, Function<ActorRef<Outcome<T>>, Channel.Command> command) {
    return channelOutcome(channelId, command)
        .thenCompose(outcome -> hiddenFromOutsiders(userId, channelId, outcome))
        .thenApply(Rejections::valueOf);
  }

  /** A {@code forbidden} refusal about a channel as it is to a member of its workspace, {@code not_found} to anyone else. */
  private <T> CompletionStage<Outcome<T>> hiddenFromOutsiders(String userId, String channelId, Outcome<T> outcome) {
    if (!(outcome instanceof Outcome.Rejected<T> rejected) || rejected.reason() != Outcome.Reason.FORBIDDEN) {
      return CompletableFuture.completedFuture(outcome);
    }
    return this.<Channel.Summary>channelOutcome(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenCompose(
            summary ->
                summary instanceof Outcome.Accepted<Channel.Summary> visible
                    ? membership(visible.value().workspaceId(), userId)
                    : CompletableFuture.completedFuture(Outcome.<Workspace.Summary>notFound(NO_SUCH_CHANNEL)))
        .thenApply(membership -> membership instanceof Outcome.Accepted<Workspace.Summary> ? outcome : Outcome.notFound(NO_SUCH_CHANNEL));
  }

  public <T> CompletionStage<T> askSession(String userId, Function<ActorRef<Outcome<T>>, UserSession.Command> command) {
    return askOutcome(session(userId), command).thenApply(Rejections::valueOf);
  }

  /** An account is its entity by username. */
  public <T> CompletionStage<T> askAccount(String username, Function<ActorRef<Outcome<T>>, Account.Command> command) {
    return askOutcome(sharding.entityRefFor(Account.ENTITY_KEY, EntityIds.checked(username)), command).thenApply(Rejections::valueOf);
  }

  /** The user's summary of a workspace; {@code not_found} with {@code message} when the user is not in it. */
  CompletionStage<Workspace.Summary> requireMember(String workspaceId, String userId, String message) {
    return membership(workspaceId, userId)
        .thenApply(
            membership -> {
              if (membership instanceof Outcome.Accepted<Workspace.Summary> member) {
                return member.value();
              }
              throw new ProtocolException(ErrorCode.NOT_FOUND, message);
            });
  }

  /**
   * The channel, if the caller sees it and is an owner or admin of its workspace: {@code
   * forbidden} (saying only those may {@code what}) for its other members, {@code not_found} for
   * everyone else.
   */
  CompletionStage<Channel.Summary> managedChannel(String userId, String channelId, String what) {
    return this.<Channel.Summary>askChannel(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenCompose(
            summary ->
                requireMember(summary.workspaceId(), userId, NO_SUCH_CHANNEL)
                    .thenApply(
                        member -> {
                          if (!member.role().canModerate()) {
                            throw new ProtocolException(ErrorCode.FORBIDDEN, "only workspace owners and admins " + what);
                          }
                          return summary;
                        }));
  }

  /** The user's summary of a workspace, or the refusal (not a member, no such workspace) as it is. */
  CompletionStage<Outcome<Workspace.Summary>> membership(String workspaceId, String userId) {
    return askOutcome(workspace(workspaceId), replyTo -> new Workspace.GetMembership(userId, replyTo));
  }

  private <C, T> CompletionStage<Outcome<T>> askOutcome(EntityRef<C> entity, Function<ActorRef<Outcome<T>>, C> command) {
    return pending.track(SameThread.of(entity.ask(command::apply, askTimeout)));
  }

  EntityRef<Workspace.Command> workspace(String workspaceId) {
    return sharding.entityRefFor(Workspace.ENTITY_KEY, EntityIds.checked(workspaceId));
  }

  private EntityRef<Channel.Command> channel(String channelId) {
    return sharding.entityRefFor(Channel.ENTITY_KEY, EntityIds.checked(channelId));
  }

  EntityRef<UserSession.Command> session(String userId) {
    return sharding.entityRefFor(UserSession.ENTITY_KEY, EntityIds.checked(userId));
  }
}
