package dev.parley.node.channel;

import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.channel.ChannelState.Active;
import dev.parley.node.channel.ChannelState.Empty;
import dev.parley.node.logging.LogContext;
import dev.parley.node.telemetry.Metrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
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
 * receipts) of members.
 *
 * <p>Commands about an existing message (edit, delete, reactions, thread replies) need that
 * message's post. The newest posts are in memory; an older one is read from the journal first and
 * the command handled again when it arrives ({@link TargetLoaded}). What can change about a message
 * after its post (deleted, reactions, replies) is always in the state, so the re-handled command
 * sees the truth.
 */
public final class Channel extends EventSourcedBehaviorWithEnforcedReplies<Channel.Command, ChannelEvent, ChannelState> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Channel");

  // Commands

  public sealed interface Command extends CborSerializable {}

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
   */
  public record Post(
      String userId,
      String clientMsgId,
      String text,
      Long threadSeq,
      List<String> mentions,
      List<ChannelEvent.PostedFile> files,
      ActorRef<Outcome<Posted>> replyTo)
      implements Command {
    public Post {
      files = files == null ? List.of() : List.copyOf(files);
    }

    public Post(
        String userId, String clientMsgId, String text, Long threadSeq, List<String> mentions, ActorRef<Outcome<Posted>> replyTo) {
      this(userId, clientMsgId, text, threadSeq, mentions, List.of(), replyTo);
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

  private record JournalRead(
      ActorRef<Outcome<EventsPage>> replyTo, List<ChannelEvent.Sequenced> events, boolean hasMore, Throwable failure)
      implements Command {}

  /** Persist the posts gathered since the last write of posts finished (sent to itself). */
  private record FlushPosts() implements Command {}

  private static final FlushPosts FLUSH_POSTS = new FlushPosts();

  /** The keys of {@code batch} are durable (or could not be written): its posts can be persisted. */
  private record KeysSaved(PostBatch batch, Throwable failure) implements Command {}

  /**
   * Keys that {@code command} needed, loaded in {@code generation} of the {@link WindowKeys}; the
   * command is handled again ({@code target}: its target, if it was read from the journal).
   */
  private record KeysLoaded(
      Command command, ChannelEvent.Sequenced target, long generation, Set<KeyRef> asked, List<MessageKey> found, Throwable failure)
      implements Command {}

  /** The event at a command's target seq, read from the journal; the command is handled again. */
  private record TargetLoaded(Command command, long target, ChannelEvent.Sequenced event, Throwable failure)
      implements Command {}

  // Replies

  /** {@code archived}: read-only (false from a node of a version before it was sent). */
  public record Summary(
      String channelId,
      String workspaceId,
      String name,
      ChannelKind kind,
      String topic,
      long lastSeq,
      boolean member,
      boolean archived)
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

  private final ActorContext<Command> context;
  private final String channelId;
  private final ChannelSettings settings;
  private final ChannelHistory history;
  private final MessageKeys keys;
  private final Clock clock;
  private final ChannelAdministration administration;
  /** Node hubs to publish to, with the time of their last renewal: soft state, never persisted. */
  private final Map<ActorRef<ChannelHub.Command>, Long> hubs = new HashMap<>();
  /**
   * Posts that queued behind a write of posts, to be persisted together ({@link PostBatch}); soft
   * state, and never kept while a write is in flight, so a restart loses none of it.
   */
  private final List<PostBatch.Pending> pendingPosts = new ArrayList<>();
  /** A write of posts has just finished: posts queued behind it are gathered until {@link FlushPosts}. */
  private boolean gathering;
  /** A command waits in the stash behind the gathered posts, so posts after it wait too: arrival order holds. */
  private boolean stashedBehind;
  /** The posts whose keys are being written; until then nothing else is written to the log. */
  private PostBatch sealing;
  /** Keys of the messages in memory: soft state, never persisted. */
  private final WindowKeys windowKeys = new WindowKeys();

  private Channel(
      ActorContext<Command> context,
      String channelId,
      ChannelSettings settings,
      ChannelHistory history,
      MessageKeys keys,
      Clock clock) {
    super(persistenceId(channelId), settings.persistFailureBackoff().strategy());
    this.context = context;
    this.channelId = channelId;
    this.settings = settings;
    this.history = history;
    this.keys = keys;
    this.clock = clock;
    this.administration = new ChannelAdministration(Effect(), clock, this::publish);
  }

  @Override
  public ChannelState emptyState() {
    return new Empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<ChannelState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(
            RecoveryCompleted.instance(),
            state -> {
              Metrics.CHANNEL_RECOVERIES.inc();
              pendingPosts.clear();
              gathering = false;
              stashedBehind = false;
              sealing = null;
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
                    ? create(empty, c)
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
        .onCommand(FlushPosts.class, this::flushPosts)
        .onCommand(KeysSaved.class, this::keysSaved)
        .onCommand(this::waitsBehindPosts, (state, c) -> stash())
        .onCommand(Create.class, this::createAgain)
        .onCommand(Join.class, this::join)
        .onCommand(Add.class, this::add)
        .onCommand(Leave.class, this::leave)
        .onCommand(SetTopic.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> setTopic(state, c)))
        .onCommand(
            Post.class,
            (state, c) ->
                unlessArchived(state, c.userId(), c.replyTo(), () -> withTarget(state, c, c.threadSeq() == null ? 0 : c.threadSeq(), null)))
        .onCommand(Edit.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> withTarget(state, c, c.target(), null)))
        .onCommand(Delete.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> withTarget(state, c, c.target(), null)))
        .onCommand(React.class, (state, c) -> unlessArchived(state, c.userId(), c.replyTo(), () -> withTarget(state, c, c.target(), null)))
        .onCommand(Remove.class, administration::remove)
        .onCommand(SetArchived.class, administration::setArchived)
        .onCommand(Rename.class, administration::rename)
        .onCommand(Close.class, administration::close)
        .onCommand(ReadThread.class, (state, c) -> withTarget(state, c, c.root(), null))
        .onCommand(TargetLoaded.class, this::targetLoaded)
        .onCommand(Typing.class, this::typing)
        .onCommand(MarkRead.class, this::markRead)
        .onCommand(GetSummary.class, this::getSummary)
        .onCommand(ReadEvents.class, this::readEvents)
        .onCommand(JournalRead.class, this::journalRead)
        .onCommand(KeysLoaded.class, this::keysLoaded);
    builder
        .forAnyState()
        .onCommand(SubscribeHub.class, this::subscribeHub)
        .onCommand(UnsubscribeHub.class, this::unsubscribeHub)
        .onCommand(ForgetKeys.class, this::forgetKeys)
        .onCommand(KeysSaved.class, (state, c) -> Effect().noReply())
        .onCommand(KeysLoaded.class, (state, c) -> Effect().noReply())
        .onCommand(JournalRead.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(TargetLoaded.class, (state, c) -> Effect().noReply())
        .onCommand(FlushPosts.class, (state, c) -> Effect().noReply());
    return builder.build();
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such channel");
  }

  /** Runs a write to the log unless the channel is archived, which its members are told. */
  private <T> ReplyEffect<ChannelEvent, ChannelState> unlessArchived(
      Active state, String userId, ActorRef<Outcome<T>> replyTo, Supplier<ReplyEffect<ChannelEvent, ChannelState>> write) {
    Outcome<T> refusal = ChannelAdministration.refuseArchived(state, userId);
    return refusal != null ? Effect().reply(replyTo, refusal) : write.get();
  }

  /** What an {@link Empty} channel answers: to the client the same as {@link #notFound}. */
  private static <T> Outcome<T> absent() {
    return Outcome.absent("no such channel");
  }

  private static <T> Outcome<T> noMessage() {
    return Outcome.notFound("no message at that seq");
  }

  private ReplyEffect<ChannelEvent, ChannelState> create(Empty state, Create c) {
    long now = clock.millis();
    List<ChannelEvent> events = new ArrayList<>();
    events.add(new ChannelEvent.Created(channelId, c.workspaceId(), c.name(), c.kind(), c.topic(), c.creatorId(), now));
    List<ChannelEvent.MemberJoined> joins = new ArrayList<>();
    for (String memberId : c.memberIds()) {
      joins.add(new ChannelEvent.MemberJoined(joins.size() + 1, memberId, now));
    }
    events.addAll(joins);
    return journalWrite(events)
        .thenRun(next -> joins.forEach(this::publish))
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.creatorId())));
  }

  /**
   * A retried create (the caller did not get the first answer) is answered like the first one; so
   * is opening an existing DM, by any of its members.
   */
  private ReplyEffect<ChannelEvent, ChannelState> createAgain(Active state, Create c) {
    ChannelEvent.Created info = state.info();
    boolean sameRequest =
        info.workspaceId().equals(c.workspaceId())
            && info.kind() == c.kind()
            && (state.isDm()
                ? state.members().keySet().equals(Set.copyOf(c.memberIds()))
                : info.name().equals(c.name()) && info.createdBy().equals(c.creatorId()));
    if (!sameRequest) {
      return Effect().reply(c.replyTo(), Outcome.conflict("channel id already in use"));
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.creatorId())));
  }

  private ReplyEffect<ChannelEvent, ChannelState> join(Active state, Join c) {
    if (state.isMember(c.userId())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(alreadyJoined(state, c.userId())));
    }
    if (!state.isPublic()) {
      return Effect().reply(c.replyTo(), notFound());
    }
    return persistJoin(state, c.userId(), null, c.replyTo());
  }

  private ReplyEffect<ChannelEvent, ChannelState> add(Active state, Add c) {
    Outcome<Joined> refusal = refuseNonMember(state, c.byUserId(), "join the channel to add members");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    if (state.isDm()) {
      return Effect().reply(c.replyTo(), Outcome.forbidden("a DM's members are fixed; open a DM with everyone instead"));
    }
    if (state.isMember(c.userId())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(alreadyJoined(state, c.userId())));
    }
    return persistJoin(state, c.userId(), c.byUserId(), c.replyTo());
  }

  private static Joined alreadyJoined(Active state, String userId) {
    return new Joined(state.summaryFor(userId), state.members().get(userId), false);
  }

  private ReplyEffect<ChannelEvent, ChannelState> persistJoin(
      Active state, String userId, String addedBy, ActorRef<Outcome<Joined>> replyTo) {
    ChannelEvent.MemberJoined joined = new ChannelEvent.MemberJoined(state.lastSeq() + 1, userId, clock.millis(), addedBy);
    return journalWrite(joined)
        .thenRun(next -> publish(joined))
        .thenReply(replyTo, next -> Outcome.accepted(new Joined(((Active) next).summaryFor(userId), joined.seq(), true)));
  }

  private ReplyEffect<ChannelEvent, ChannelState> leave(Active state, Leave c) {
    if (!state.isMember(c.userId())) {
      return Effect()
          .reply(c.replyTo(), state.isPublic() ? Outcome.accepted(new Left(state.lastSeq())) : notFound());
    }
    if (state.isDm()) {
      return Effect().reply(c.replyTo(), Outcome.forbidden("a DM cannot be left"));
    }
    ChannelEvent.MemberLeft left = new ChannelEvent.MemberLeft(state.lastSeq() + 1, c.userId(), clock.millis());
    return journalWrite(left)
        .thenRun(next -> publish(left))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Left(left.seq())));
  }

  private ReplyEffect<ChannelEvent, ChannelState> setTopic(Active state, SetTopic c) {
    Outcome<Written> refusal = refuseNonMember(state, c.userId(), "join the channel to set its topic");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    return persistWrite(new ChannelEvent.TopicChanged(state.lastSeq() + 1, c.topic(), c.userId(), clock.millis()), c.replyTo());
  }

  /**
   * Persists {@code event}, timed from here to its first callback ({@code parley_journal_write_seconds}).
   */
  private EffectBuilder<ChannelEvent, ChannelState> journalWrite(ChannelEvent event) {
    long started = System.nanoTime();
    return Effect().persist(event).thenRun(next -> Metrics.journalWritten(started));
  }

  /** Persists {@code events} in one journal write: one observation however many posts it carries. */
  private EffectBuilder<ChannelEvent, ChannelState> journalWrite(List<ChannelEvent> events) {
    long started = System.nanoTime();
    return Effect().persist(events).thenRun(next -> Metrics.journalWritten(started));
  }

  private ReplyEffect<ChannelEvent, ChannelState> persistWrite(ChannelEvent.Sequenced event, ActorRef<Outcome<Written>> replyTo) {
    return journalWrite(event)
        .thenRun(next -> publish(event))
        .thenReply(replyTo, next -> Outcome.accepted(new Written(event.seq())));
  }

  /**
   * Runs a command that needs the post at {@code target} (0: none needed). {@code loaded} is the
   * event read from the journal when the command comes back through {@link TargetLoaded}.
   */
  private ReplyEffect<ChannelEvent, ChannelState> withTarget(
      Active state, Command c, long target, ChannelEvent.Sequenced loaded) {
    if (target == 0) {
      return post(state, (Post) c, null);
    }
    if (target > state.lastSeq()) {
      return rejectTarget(c, state, "no message at that seq");
    }
    ChannelEvent.Sequenced event = loaded != null ? loaded : state.recentEvent(target).orElse(null);
    if (event == null) {
      context.pipeToSelf(
          history.read(channelId, target, target),
          (events, failure) ->
              new TargetLoaded(c, target, failure == null && !events.isEmpty() ? events.get(0) : null, failure));
      return Effect().noReply();
    }
    ChannelEvent.MessagePosted post = event instanceof ChannelEvent.MessagePosted p ? p : null;
    if (c instanceof Post p) {
      return post(state, p, post);
    } else if (c instanceof Edit e) {
      return edit(state, e, post);
    } else if (c instanceof Delete d) {
      return delete(state, d, post);
    } else if (c instanceof React r) {
      return react(state, r, post);
    } else {
      return readThread(state, (ReadThread) c, post);
    }
  }

  private ReplyEffect<ChannelEvent, ChannelState> targetLoaded(Active state, TargetLoaded c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read seq {} from its journal: {}", channelId, c.target(), c.failure().toString());
      return replyTo(c.command(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "the message could not be read; retry"));
    }
    if (c.event() == null) {
      return rejectTarget(c.command(), state, "no message at that seq");
    }
    return withTarget(state, c.command(), c.target(), c.event());
  }

  /** A missing target: {@code bad_request} for a post's threadSeq, {@code not_found} otherwise. */
  private ReplyEffect<ChannelEvent, ChannelState> rejectTarget(Command c, Active state, String message) {
    if (c instanceof Post p) {
      Outcome<Posted> refusal = refuseNonMember(state, p.userId(), "join the channel to post");
      return Effect()
          .reply(p.replyTo(), refusal != null ? refusal : Outcome.rejected(Outcome.Reason.BAD_REQUEST, "threadSeq: " + message));
    }
    return replyTo(c, Outcome.notFound(message));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ReplyEffect<ChannelEvent, ChannelState> replyTo(Command c, Outcome<?> outcome) {
    ActorRef replyTo;
    if (c instanceof Post p) {
      replyTo = p.replyTo();
    } else if (c instanceof Edit e) {
      replyTo = e.replyTo();
    } else if (c instanceof Delete d) {
      replyTo = d.replyTo();
    } else if (c instanceof React r) {
      replyTo = r.replyTo();
    } else if (c instanceof JournalRead r) {
      replyTo = r.replyTo();
    } else {
      replyTo = ((ReadThread) c).replyTo();
    }
    return Effect().reply(replyTo, outcome);
  }

  /**
   * A post is written at once when no write of posts has just finished; otherwise it joins the posts
   * gathered behind that write, persisted together at {@link FlushPosts}.
   */
  private ReplyEffect<ChannelEvent, ChannelState> post(Active state, Post c, ChannelEvent.MessagePosted root) {
    pendingPosts.add(new PostBatch.Pending(c, root, System.nanoTime()));
    return gathering || sealing != null ? Effect().noReply() : writePosts(state);
  }

  private ReplyEffect<ChannelEvent, ChannelState> flushPosts(Active state, FlushPosts c) {
    gathering = false;
    return pendingPosts.isEmpty() || sealing != null ? Effect().noReply() : writePosts(state);
  }

  /**
   * Other commands wait in the stash while posts are gathered or their keys written, and are handled
   * after those posts are written, in the order they came; hub subscriptions, forgotten keys and
   * finished journal reads change no log.
   */
  private boolean waitsBehindPosts(Command c) {
    if ((pendingPosts.isEmpty() && sealing == null)
        || c instanceof SubscribeHub
        || c instanceof UnsubscribeHub
        || c instanceof JournalRead
        || c instanceof ForgetKeys) {
      return false;
    }
    return stashedBehind || !(c instanceof Post);
  }

  private ReplyEffect<ChannelEvent, ChannelState> stash() {
    stashedBehind = true;
    return Effect().stash();
  }

  /** Decides the gathered posts and writes their keys first: a post is never in the log without its key. */
  private ReplyEffect<ChannelEvent, ChannelState> writePosts(Active state) {
    PostBatch batch = PostBatch.decide(state, List.copyOf(pendingPosts), clock.millis());
    pendingPosts.clear();
    stashedBehind = false;
    if (batch.posts().isEmpty()) {
      batch.answer();
      return Effect().none().thenNoReply().thenUnstashAll();
    }
    sealing = batch;
    context.pipeToSelf(keys.save(batch.keys()), (done, failure) -> new KeysSaved(batch, failure));
    return Effect().noReply();
  }

  /** A failed key write fails its posts, as a failed journal write would: the clients retry. */
  private ReplyEffect<ChannelEvent, ChannelState> keysSaved(Active state, KeysSaved c) {
    if (c.batch() != sealing) {
      return Effect().noReply();
    }
    sealing = null;
    PostBatch batch = c.batch();
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not store the keys of {} posts: {}", channelId, batch.keys().size(), c.failure().toString());
      batch.refuse(Outcome.rejected(Outcome.Reason.UNAVAILABLE, "the post could not be stored; retry"));
      gathering = true;
      context.getSelf().tell(FLUSH_POSTS);
      return Effect().none().thenNoReply().thenUnstashAll();
    }
    windowKeys.prune(state.recent(), 2 * settings.recentEvents());
    windowKeys.remember(batch.keys());
    return journalWrite(List.<ChannelEvent>copyOf(batch.posts()))
        .thenRun(
            next -> {
              batch.opened().forEach(this::publish);
              batch.answer();
              gathering = true;
              context.getSelf().tell(FLUSH_POSTS);
            })
        .thenNoReply()
        .thenUnstashAll();
  }

  /** Null when {@code post} is a live message the user may act on as a member; the refusal otherwise. */
  private static <T> Outcome<T> refuseTarget(Active state, String userId, ChannelEvent.MessagePosted post) {
    Outcome<T> refusal = refuseNonMember(state, userId, "join the channel first");
    if (refusal != null) {
      return refusal;
    }
    if (post == null || state.deleted().contains(post.seq()) || SealedEvents.isErased(post)) {
      return noMessage();
    }
    return null;
  }

  private ReplyEffect<ChannelEvent, ChannelState> edit(Active state, Edit c, ChannelEvent.MessagePosted post) {
    Outcome<Written> refusal = refuseTarget(state, c.userId(), post);
    if (refusal == null && !post.author().equals(c.userId())) {
      refusal = Outcome.forbidden("only the author edits a message");
    }
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    ChannelEvent.MessageEdited edited = new ChannelEvent.MessageEdited(state.lastSeq() + 1, c.target(), c.text(), clock.millis(), c.userId());
    if (post.sealed() == null) {
      // A post journaled before erasure existed: its text is in the journal already, and so are its edits.
      return persistWrite(edited, c.replyTo());
    }
    KeyRef ref = KeyRef.of(c.target(), post.sealed());
    MessageKey key = windowKeys.get(ref);
    if (key == null && !windowKeys.isErased(ref)) {
      return loadKeys(c, post, Set.of(ref));
    }
    if (key == null) {
      return Effect().reply(c.replyTo(), noMessage());
    }
    return journalWrite(SealedEvents.sealEdit(edited, key))
        .thenRun(next -> publish(edited))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Written(edited.seq())));
  }

  /** Loads the keys {@code c} needs and handles it again ({@link KeysLoaded}). */
  private ReplyEffect<ChannelEvent, ChannelState> loadKeys(Command c, ChannelEvent.Sequenced target, Set<KeyRef> refs) {
    long generation = windowKeys.generation();
    context.pipeToSelf(
        keys.load(channelId, SealedEvents.seqsOf(refs)),
        (found, failure) -> new KeysLoaded(c, target, generation, refs, found, failure));
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, ChannelState> keysLoaded(Active state, KeysLoaded c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read message keys: {}", channelId, c.failure().toString());
      return replyTo(c.command(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "the message could not be read; retry"));
    }
    if (!windowKeys.loaded(c.generation(), c.asked(), c.found())) {
      return loadKeys(c.command(), c.target(), c.asked());
    }
    if (c.command() instanceof JournalRead read) {
      return journalRead(state, read);
    }
    Edit edit = (Edit) c.command();
    return withTarget(state, edit, edit.target(), c.target());
  }

  private ReplyEffect<ChannelEvent, ChannelState> forgetKeys(ChannelState state, ForgetKeys c) {
    windowKeys.forget(c.authorId(), c.beforeTs());
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, ChannelState> delete(Active state, Delete c, ChannelEvent.MessagePosted post) {
    Outcome<Written> refusal = refuseTarget(state, c.userId(), post);
    if (refusal == null && !post.author().equals(c.userId()) && !c.moderator()) {
      refusal = Outcome.forbidden("only the author or a workspace owner/admin deletes a message");
    }
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    ChannelEvent.MessageDeleted event = new ChannelEvent.MessageDeleted(state.lastSeq() + 1, c.target(), clock.millis(), c.userId());
    List<String> files = post.files().stream().map(ChannelEvent.PostedFile::id).toList();
    return journalWrite(event)
        .thenRun(
            next -> {
              windowKeys.forget(c.target());
              keys.delete(channelId, c.target());
              publish(event);
            })
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Written(event.seq(), files)));
  }

  private ReplyEffect<ChannelEvent, ChannelState> react(Active state, React c, ChannelEvent.MessagePosted post) {
    Outcome<Written> refusal = refuseTarget(state, c.userId(), post);
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    Long existing = state.reactions().get(Active.reactionKey(c.target(), c.emoji(), c.userId()));
    long seq = state.lastSeq() + 1;
    if (c.add()) {
      if (existing != null) {
        return Effect().reply(c.replyTo(), Outcome.accepted(new Written(existing)));
      }
      return persistWrite(new ChannelEvent.ReactionAdded(seq, c.target(), c.emoji(), c.userId(), clock.millis()), c.replyTo());
    }
    if (existing == null) {
      return Effect().reply(c.replyTo(), Outcome.notFound("no such reaction"));
    }
    return persistWrite(new ChannelEvent.ReactionRemoved(seq, c.target(), c.emoji(), c.userId(), clock.millis()), c.replyTo());
  }

  private ReplyEffect<ChannelEvent, ChannelState> readThread(Active state, ReadThread c, ChannelEvent.MessagePosted root) {
    Outcome<EventsPage> refusal = refuseNonMember(state, c.userId(), "join the channel to read it");
    if (refusal == null && root == null) {
      refusal = noMessage();
    }
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    List<Long> after = state.replies(c.root()).stream().filter(seq -> seq > c.afterSeq()).toList();
    List<Long> page = after.subList(0, Math.min(c.limit(), after.size()));
    boolean hasMore = after.size() > page.size();
    List<CompletableFuture<List<ChannelEvent.Sequenced>>> reads = new ArrayList<>();
    for (long seq : page) {
      reads.add(
          state
              .recentEvent(seq)
              .map(e -> CompletableFuture.completedFuture(List.of(e)))
              .orElseGet(() -> history.read(channelId, seq, seq).toCompletableFuture()));
    }
    CompletionStage<List<ChannelEvent.Sequenced>> all =
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
            .thenApply(done -> reads.stream().flatMap(r -> r.join().stream()).toList());
    context.pipeToSelf(all, (events, failure) -> new JournalRead(c.replyTo(), events, hasMore, failure));
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, ChannelState> typing(Active state, Typing c) {
    Outcome<Acknowledged> refusal = refuseNonMember(state, c.userId(), "join the channel first");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    signal(new ChannelHub.TypingSignal(c.userId()));
    return Effect().reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
  }

  private ReplyEffect<ChannelEvent, ChannelState> markRead(Active state, MarkRead c) {
    Outcome<ReadUpTo> refusal = refuseNonMember(state, c.userId(), "join the channel first");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    long seq = Math.min(c.seq(), state.lastSeq());
    if (state.isDm()) {
      signal(new ChannelHub.ReceiptSignal(c.userId(), seq));
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(new ReadUpTo(seq, state.info().kind())));
  }

  private ReplyEffect<ChannelEvent, ChannelState> getSummary(Active state, GetSummary c) {
    if (!state.isMember(c.userId()) && !state.isPublic()) {
      return Effect().reply(c.replyTo(), notFound());
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
  }

  private ReplyEffect<ChannelEvent, ChannelState> readEvents(Active state, ReadEvents c) {
    Outcome<EventsPage> refusal = refuseNonMember(state, c.userId(), "join the channel to read it");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    PageRange page = PageRange.of(c, state.lastSeq());
    if (page.isEmpty()) {
      return Effect().reply(c.replyTo(), Outcome.accepted(new EventsPage(List.of(), false)));
    }
    if (state.recent().covers(page.from())) {
      return journalRead(state, new JournalRead(c.replyTo(), state.recent().range(page.from(), page.to()), page.hasMore(), null));
    }
    context.pipeToSelf(
        history.read(channelId, page.from(), page.to()),
        (events, failure) -> new JournalRead(c.replyTo(), events, page.hasMore(), failure));
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, ChannelState> journalRead(Active state, JournalRead c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read its journal: {}", channelId, c.failure().toString());
      return Effect().reply(c.replyTo(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "history is unavailable"));
    }
    Set<KeyRef> missing = windowKeys.missing(c.events());
    if (!missing.isEmpty()) {
      return loadKeys(c, null, missing);
    }
    List<ChannelEvent.Sequenced> opened = windowKeys.open(channelId, c.events());
    return Effect().reply(c.replyTo(), Outcome.accepted(new EventsPage(Redaction.forMembers(state.deleted(), opened), c.hasMore())));
  }

  /** Null when the user is a member; otherwise the refusal that does not reveal a private channel. */
  static <T> Outcome<T> refuseNonMember(Active state, String userId, String message) {
    if (state.isMember(userId)) {
      return null;
    }
    return state.isPublic() ? Outcome.forbidden(message) : notFound();
  }

  private ReplyEffect<ChannelEvent, ChannelState> subscribeHub(ChannelState state, SubscribeHub c) {
    hubs.put(c.hub(), clock.millis());
    long lastSeq =
        state instanceof Active active ? active.lastSeq() : state instanceof ChannelState.Deleted deleted ? deleted.lastSeq() : 0;
    c.hub().tell(new ChannelHub.Subscribed(channelId, lastSeq));
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, ChannelState> unsubscribeHub(ChannelState state, UnsubscribeHub c) {
    hubs.remove(c.hub());
    return Effect().noReply();
  }

  private void publish(ChannelEvent.Sequenced event) {
    sendToHubs(new ChannelHub.Deliver(channelId, event));
  }

  private void signal(ChannelHub.Signal signal) {
    sendToHubs(new ChannelHub.Relay(channelId, signal));
  }

  private void sendToHubs(ChannelHub.Command message) {
    long expired = clock.millis() - settings.subscriberTtl().toMillis();
    hubs.values().removeIf(renewedAt -> renewedAt < expired);
    hubs.keySet().forEach(hub -> hub.tell(message));
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
