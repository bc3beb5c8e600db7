package dev.parley.node.channel;

import static dev.parley.node.channel.ChannelRefusals.absent;
import static dev.parley.node.channel.ChannelRefusals.notFound;

import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.channel.ChannelState.Active;
import dev.parley.node.channel.ChannelState.Empty;
import dev.parley.node.logging.LogContext;
import dev.parley.node.telemetry.Metrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A channel (public, private or DM): its members and its log. The log is gap-free: every change is
 * a {@link ChannelEvent.Sequenced} with {@code seq} 1, 2, 3, ... This entity is the only writer of
 * its log and decides who may read and write it.
 *
 * <p>States: {@link Empty} (never created: everything but {@link Create} is {@code not_found},
 * marked {@link Outcome.Rejected#absent} so that the edge need not ask again) and {@link Active}.
 * Replies are sent only after the events are persisted; each persisted event is then sent once to
 * every node hub that subscribed ({@link ChannelHub}), and so are the ephemeral signals (typing, DM
 * receipts) of members ({@link HubSubscribers}). Commands about an existing message first find its
 * post ({@link MessageTargets}).
 */
public final class Channel extends EventSourcedBehaviorWithEnforcedReplies<Channel.Command, ChannelEvent, ChannelState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Channel");

  // Commands

  /** The records below, then what the channel sends itself (only locally), declared by its handlers. */
  public sealed interface Command extends CborSerializable
      permits Create, Join, Add, Leave, SetTopic, Post, Edit, Delete, React, ReadThread, Typing, MarkRead, GetSummary,
          ReadEvents, Remove, SetArchived, Rename, Close, SubscribeHub, UnsubscribeHub, ForgetKeys,
          ChannelReads.JournalRead, ChannelPosting.FlushPosts, MessageTargets.KeysLoaded,
          MessageTargets.TargetLoaded {}

  /** {@code memberIds}: everyone who is a member from the start, the creator included. */
  public record Create(
      String workspaceId,
      String name,
      ChannelKind kind,
      String topic,
      String creatorId,
      List<String> memberIds,
      ActorRef<Outcome<Summary>> replyTo)
      implements Command {}

  public record Join(String userId, ActorRef<Outcome<Joined>> replyTo) implements Command {}

  /** A member adds another user (who must be a member of the workspace: the edge checked). */
  public record Add(String byUserId, String userId, ActorRef<Outcome<Joined>> replyTo) implements Command {}

  public record Leave(String userId, ActorRef<Outcome<Left>> replyTo) implements Command {}

  public record SetTopic(String userId, String topic, ActorRef<Outcome<Written>> replyTo) implements Command {}

  /**
   * {@code mentions}: the user ids the text names; those who are members are answered in {@link
   * Posted}. {@code files}: files the edge has reserved for this post (absent from older nodes).
   * {@code hookName}: the post comes from the incoming webhook {@code userId} of this channel (the
   * edge checked it), which is no member; null for a person's post.
   */
  public record Post(
      String userId,
      String clientMsgId,
      String text,
      Long threadSeq,
      List<String> mentions,
      List<ChannelEvent.PostedFile> files,
      String hookName,
      ActorRef<Outcome<Posted>> replyTo)
      implements Command {
    public Post {
      files = files == null ? List.of() : List.copyOf(files);
    }

    public Post(
        String userId, String clientMsgId, String text, Long threadSeq, List<String> mentions, ActorRef<Outcome<Posted>> replyTo) {
      this(userId, clientMsgId, text, threadSeq, mentions, List.of(), null, replyTo);
    }
  }

  public record Edit(String userId, long target, String text, ActorRef<Outcome<Written>> replyTo) implements Command {}

  /** {@code moderator}: the caller is an owner or admin of the workspace, so may delete any message. */
  public record Delete(String userId, long target, boolean moderator, ActorRef<Outcome<Written>> replyTo)
      implements Command {}

  public record React(String userId, long target, String emoji, boolean add, ActorRef<Outcome<Written>> replyTo)
      implements Command {}

  /** The replies to the message at {@code root}, after {@code afterSeq} (exclusive, or from the first). */
  public record ReadThread(String userId, long root, long afterSeq, int limit, ActorRef<Outcome<EventsPage>> replyTo)
      implements Command {}

  /** Tells the other members' connections that {@code userId} is typing; nothing is stored. */
  public record Typing(String userId, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  /** A member read up to {@code seq}: answered with the seq clamped to the log; DMs send a receipt. */
  public record MarkRead(String userId, long seq, ActorRef<Outcome<ReadUpTo>> replyTo) implements Command {}

  /** The channel as {@code userId} may see it. */
  public record GetSummary(String userId, ActorRef<Outcome<Summary>> replyTo) implements Command {}

  /**
   * Events by seq: after {@code afterSeq}, or before {@code beforeSeq}, or the newest when both are
   * absent (negative). Bounds are exclusive.
   */
  public record ReadEvents(
      String userId, long afterSeq, long beforeSeq, int limit, ActorRef<Outcome<EventsPage>> replyTo)
      implements Command {}

  /** A workspace owner or admin removes a member, DMs too (the edge checked); acknowledged if not a member. */
  public record Remove(String userId, ActorRef<Outcome<Left>> replyTo) implements Command {}

  /** A workspace owner or admin makes the channel read-only ({@code archived}) or writable (the edge checked). */
  public record SetArchived(String byUserId, boolean archived, ActorRef<Outcome<Written>> replyTo) implements Command {}

  /** A workspace owner or admin renames the channel (the edge checked, and the Workspace gave it the name). */
  public record Rename(String byUserId, String name, ActorRef<Outcome<Written>> replyTo) implements Command {}

  /** A workspace owner or admin deletes the channel (the edge checked); a repeat is answered like the first. */
  public record Close(String byUserId, ActorRef<Outcome<Closed>> replyTo) implements Command {}

  /** Answered with {@link ChannelHub.Subscribed}, to the hub. */
  public record SubscribeHub(ActorRef<ChannelHub.Command> hub) implements Command {}

  public record UnsubscribeHub(ActorRef<ChannelHub.Command> hub) implements Command {}

  /**
   * Key rows were deleted by an erasure decided elsewhere (an account's deletion, retention): the
   * keys held in memory of {@code authorId}'s messages (null: nobody's) and of messages posted
   * before {@code beforeTs} are dropped, so those messages read as erased here too. Not answered.
   */
  public record ForgetKeys(String authorId, long beforeTs) implements Command {}

  // Replies

  /**
   * {@code archived}: read-only (false from a node of a version before it was sent); {@code
   * memberCount}: how many are in it (null from such a node).
   */
  public record Summary(
      String channelId,
      String workspaceId,
      String name,
      ChannelKind kind,
      String topic,
      long lastSeq,
      boolean member,
      boolean archived,
      Integer memberCount)
      implements CborSerializable {}

  /**
   * {@code seq} is the seq of the member.joined event that made the user a member (the earlier one
   * on a repeated join, so a retry sees the same answer); {@code newlyJoined} is false on a repeat.
   */
  public record Joined(Summary channel, long seq, boolean newlyJoined) implements CborSerializable {}

  public record Left(long seq) implements CborSerializable {}

  /** The channel's last event, its deletion; {@code members}: who were members then. */
  public record Closed(long seq, List<String> members) implements CborSerializable {}

  /** {@code mentionedMembers}: members named in the text (not the author), to count as unread mentions. */
  public record Posted(long seq, long ts, boolean duplicate, List<String> mentionedMembers) implements CborSerializable {}

  /**
   * The seq of the channel event a write produced (or of the earlier one it repeats); {@code files}:
   * the ids of the files of a message it deleted, which the edge then removes.
   */
  public record Written(long seq, List<String> files) implements CborSerializable {
    public Written {
      files = files == null ? List.of() : List.copyOf(files);
    }

    public Written(long seq) {
      this(seq, List.of());
    }
  }

  public record ReadUpTo(long seq, ChannelKind kind) implements CborSerializable {}

  /** Events of the log as members see them: a deleted message's post and edits carry no text. */
  public record EventsPage(List<ChannelEvent.Sequenced> events, boolean hasMore) implements CborSerializable {}

  // Wiring

  /** {@code history} must open the posts it reads ({@link OpeningHistory}) with {@code keys}. */
  public static void init(ActorSystem<?> system, ChannelSettings settings, ChannelHistory history, MessageKeys keys, Clock clock) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY,
                entityContext -> create(entityContext.getEntityId(), settings, history, keys, clock)));
  }

  public static PersistenceId persistenceId(String channelId) {
    return PersistenceId.of(ENTITY_KEY.name(), channelId);
  }

  public static Behavior<Command> create(
      String channelId, ChannelSettings settings, ChannelHistory history, MessageKeys keys, Clock clock) {
    return LogContext.withMdc(
        Map.of(LogContext.CHANNEL_ID, channelId),
        Behaviors.setup(context -> new Channel(context, channelId, settings, history, keys, clock)));
  }

  private final ChannelSettings settings;
  private final HubSubscribers hubs;
  /** Keys of the messages in memory: soft state, never persisted. */
  private final WindowKeys windowKeys = new WindowKeys();
  private final ChannelMembership membership;
  private final ChannelPosting posting;
  private final MessageTargets targets;
  private final ChannelReads reads;
  private final MemberSignals signals;
  private final ChannelAdministration administration;

  private Channel(
      ActorContext<Command> context,
      String channelId,
      ChannelSettings settings,
      ChannelHistory history,
      MessageKeys keys,
      Clock clock) {
    super(persistenceId(channelId), settings.persistFailureBackoff().strategy());
    this.settings = settings;
    this.hubs = new HubSubscribers(Effect(), channelId, settings, clock);
    LogWrites writes = new LogWrites(Effect(), hubs);
    this.membership = new ChannelMembership(Effect(), writes, hubs, channelId, clock);
    this.posting = new ChannelPosting(context, Effect(), writes, hubs, channelId, settings, keys, windowKeys, clock);
    this.reads = new ChannelReads(context, Effect(), channelId, history, keys, windowKeys);
    MessageChanges changes = new MessageChanges(Effect(), writes, hubs, reads, channelId, keys, windowKeys, clock);
    this.targets = new MessageTargets(context, Effect(), channelId, history, windowKeys, posting, changes, reads);
    this.signals = new MemberSignals(Effect(), hubs);
    this.administration = new ChannelAdministration(Effect(), clock, hubs::publish);
  }

  @Override
  public ChannelState emptyState() {
    return new Empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return settings.retention(persistenceId().entityId());
  }

  @Override
  public SignalHandler<ChannelState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              Metrics.CHANNEL_RECOVERIES.inc();
              posting.recovered();
            })
        .build();
  }

  // Command handlers

  @Override
  public CommandHandlerWithReply<Command, ChannelEvent, ChannelState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, ChannelEvent, ChannelState> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forState(state -> !(state instanceof Active))
        .onCommand(
            Create.class,
            (state, c) ->
                state instanceof Empty empty
                    ? membership.create(empty, c)
                    : Effect().reply(c.replyTo(), Outcome.conflict("channel id already in use")))
        .onCommand(Remove.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(SetArchived.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Rename.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(
            Close.class,
            (state, c) ->
                state instanceof ChannelState.Deleted deleted
                    ? administration.closeAgain(deleted, c)
                    : Effect().reply(c.replyTo(), absent()))
        .onCommand(Join.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Add.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Leave.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(SetTopic.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Post.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Edit.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Delete.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(React.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(ReadThread.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(Typing.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(MarkRead.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(GetSummary.class, (state, c) -> Effect().reply(c.replyTo(), absent()))
        .onCommand(ReadEvents.class, (state, c) -> Effect().reply(c.replyTo(), absent()));
    builder
        .forStateType(Active.class)
        .onCommand(ChannelPosting.FlushPosts.class, posting::flushPosts)
        .onCommand(posting::waitsBehindPosts, (state, c) -> posting.stash())
        .onCommand(Create.class, membership::createAgain)
        .onCommand(Join.class, membership::join)
        .onCommand(Add.class, membership::add)
        .onCommand(Leave.class, membership::leave)
        .onCommand(SetTopic.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> membership.setTopic(state, c)))
        .onCommand(
            Post.class,
            (state, c) ->
                unlessArchived(
                    state, c.userId(), c.replyTo(), () -> targets.withTarget(state, c, c.threadSeq() == null ? 0 : c.threadSeq(), null)))
        .onCommand(Edit.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> targets.withTarget(state, c, c.target(), null)))
        .onCommand(Delete.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> targets.withTarget(state, c, c.target(), null)))
        .onCommand(React.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> targets.withTarget(state, c, c.target(), null)))
        .onCommand(Remove.class, administration::remove)
        .onCommand(SetArchived.class, administration::setArchived)
        .onCommand(Rename.class, administration::rename)
        .onCommand(Close.class, administration::close)
        .onCommand(ReadThread.class, (state, c) -> targets.withTarget(state, c, c.root(), null))
        .onCommand(MessageTargets.TargetLoaded.class, targets::targetLoaded)
        .onCommand(Typing.class, signals::typing)
        .onCommand(MarkRead.class, signals::markRead)
        .onCommand(GetSummary.class, reads::getSummary)
        .onCommand(ReadEvents.class, reads::readEvents)
        .onCommand(ChannelReads.JournalRead.class, reads::journalRead)
        .onCommand(MessageTargets.KeysLoaded.class, targets::keysLoaded);
    builder
        .forAnyState()
        .onCommand(SubscribeHub.class, hubs::subscribeHub)
        .onCommand(UnsubscribeHub.class, hubs::unsubscribeHub)
        .onCommand(ForgetKeys.class, reads::forgetKeys)
        .onCommand(MessageTargets.KeysLoaded.class, (state, c) -> Effect().noReply())
        .onCommand(ChannelReads.JournalRead.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(MessageTargets.TargetLoaded.class, (state, c) -> Effect().noReply())
        .onCommand(ChannelPosting.FlushPosts.class, (state, c) -> Effect().noReply());
    return builder.build();
  }

  /** Runs a write to the log unless the channel is archived, which its members are told. */
  private <T> ReplyEffect<ChannelEvent, ChannelState> unlessArchived(
      Active state, String userId, ActorRef<Outcome<T>> replyTo, Supplier<ReplyEffect<ChannelEvent, ChannelState>> write) {
    Outcome<T> refusal = ChannelAdministration.refuseArchived(state, userId);
    return refusal != null ? Effect().reply(replyTo, refusal) : write.get();
  }

  // Event handler

  @Override
  public EventHandler<ChannelState, ChannelEvent> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder.forStateType(Empty.class).onEvent(ChannelEvent.Created.class, (state, created) -> Active.created(created));
    builder
        .forStateType(Active.class)
        .onEvent(
            ChannelEvent.MemberJoined.class,
            (state, e) -> state.withMember(e.userId(), e.seq()).appended(e, settings))
        .onEvent(
            ChannelEvent.MemberLeft.class,
            (state, e) -> state.withoutMember(e.userId()).appended(e, settings))
        .onEvent(
            ChannelEvent.MessagePosted.class,
            (state, e) -> state.appended(e, settings).withPost(e, settings))
        .onEvent(ChannelEvent.MessageEdited.class, (state, e) -> state.appended(e, settings))
        .onEvent(ChannelEvent.MessageDeleted.class, (state, e) -> state.appended(e, settings).withDeleted(e.target()))
        .onEvent(
            ChannelEvent.ReactionAdded.class,
            (state, e) -> state.appended(e, settings).withReaction(Active.reactionKey(e.target(), e.emoji(), e.userId()), e.seq()))
        .onEvent(
            ChannelEvent.ReactionRemoved.class,
            (state, e) -> state.appended(e, settings).withoutReaction(Active.reactionKey(e.target(), e.emoji(), e.userId())))
        .onEvent(ChannelEvent.TopicChanged.class, (state, e) -> state.appended(e, settings).withTopic(e.topic()))
        .onEvent(ChannelEvent.ArchiveChanged.class, (state, e) -> state.appended(e, settings).withArchived(e.archived()))
        .onEvent(ChannelEvent.ChannelRenamed.class, (state, e) -> state.appended(e, settings).withName(e.name()))
        .onEvent(ChannelEvent.ChannelDeleted.class, (state, e) -> state.deletedAt(e));
    return builder.build();
  }
}
