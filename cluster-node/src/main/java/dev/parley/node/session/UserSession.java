package dev.parley.node.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.workspace.Role;
import dev.parley.node.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * One user's view of Parley: the workspaces and channels they belong to and their read markers
 * (persisted), and their live connections on any node (in memory). The Workspace and Channel
 * entities are the authorities on membership; this entity is the user's index of them, written by
 * the edge after the authority accepted, each step idempotent so that a retry completes it.
 *
 * <p>Connections attach on {@code auth} and renew their attachment on a timer, so the live set
 * heals when this entity moves or a node dies; each attached connection hears of channels the
 * user joins elsewhere ({@link Notice}).
 *
 * <p>The messages, events and state are here; the command handlers are by concern: {@link
 * Attachments} (live connections and the presence others see), {@link MembershipCommands}, {@link
 * ReadCommands}, {@link PresenceCommands} and {@link SignOutCommands}.
 */
public final class UserSession
    extends EventSourcedBehaviorWithEnforcedReplies<UserSession.Command, UserSession.Event, UserSession.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "UserSession");

  // Commands

  public sealed interface Command extends CborSerializable {}

  /** A live connection of this user; answered with the user's memberships. */
  public record Attach(ActorRef<Notice> connection, ActorRef<Outcome<State>> replyTo) implements Command {}

  /** An attached connection is still there (sent on a timer; unanswered, so it costs little). */
  public record KeepAttached(ActorRef<Notice> connection) implements Command {}

  public record Detach(ActorRef<Notice> connection) implements Command {}

  public record GetState(ActorRef<Outcome<State>> replyTo) implements Command {}

  public record RecordWorkspace(String workspaceId, String name, Role role, ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  /** The user became a member of a channel with the member.joined event at {@code joinedSeq}. */
  public record RecordChannel(ChannelMembership channel, long joinedSeq, ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  public record ForgetChannel(String channelId, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  /**
   * The user was removed from a workspace: it and its channels leave the index, and the user's
   * connections are told ({@link WorkspaceRemoved}, then {@link ChannelRemoved} for each).
   */
  public record ForgetWorkspace(String workspaceId, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  /**
   * The user read a channel up to {@code seq} (the Channel entity checked and clamped it). The
   * user's other connections hear of it; {@code origin} (null over HTTP) does not.
   */
  public record MarkRead(String channelId, long seq, ActorRef<Notice> origin, ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  /** The message at {@code seq} names this user: an unread mention until read. Unanswered. */
  public record RecordMention(String channelId, long seq) implements Command {}

  /** {@code status}: online, away or dnd; shown while the user has a live connection. */
  public record SetPresence(String status, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  public record GetPresence(ActorRef<Outcome<Presence>> replyTo) implements Command {}

  /** The answer to {@link GetPresence}: online, away, dnd or offline. */
  public record Presence(String status) implements CborSerializable {}

  /**
   * Another user's presence changed: passed to this user's connections. Unanswered. No longer
   * sent by this version (presence goes through the nodes' {@link PresenceHub}s); handled for the
   * nodes of earlier builds during a rolling update.
   */
  public record PresenceOf(String userId, String status) implements Command {}

  /**
   * A call signal for every live connection of this user, from a user of {@code fromWorkspaces}:
   * only someone who shares a workspace may signal (others get {@code not_found}).
   */
  public record Signal(
      String fromUserId,
      Set<String> fromWorkspaces,
      String callId,
      String kind,
      String payload,
      ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  /**
   * The account was deactivated ({@code suspended}) or reactivated: while suspended no connection
   * attaches, and those attached are closed at once.
   */
  public record Suspend(boolean suspended, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  /** Closes the user's live connections but those of the login {@code keptFamily} (null: all of them). */
  public record SignOut(String keptFamily, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  /** Timer: forget connections whose attachment was not renewed (their node died). */
  private enum PurgeAttachments implements Command { INSTANCE }

  // What attached connections hear

  public sealed interface Notice extends CborSerializable {}

  public record ChannelAdded(ChannelMembership channel, long joinedSeq) implements Notice {}

  public record ChannelRemoved(String channelId) implements Notice {}

  public record WorkspaceRemoved(String workspaceId) implements Notice {}

  public record ReadUpdated(String channelId, long seq) implements Notice {}

  public record PresenceChanged(String userId, String status) implements Notice {}

  /** From the node's {@link PresenceHub}, local only: the changes of one batch window, in order. */
  public record PresenceBatch(List<PresenceChanged> changes) implements Notice {}

  public record CallSignalled(String fromUserId, String callId, String kind, String payload) implements Notice {}

  /** Close unless the connection belongs to the login {@code keptFamily} (null: close). */
  public record SignedOut(String keptFamily) implements Notice {}

  /**
   * To a connection this entity did not know when it renewed: the entity restarted or moved and
   * may have missed telling it of channels; these are all of them, with the read markers.
   */
  public record Reattached(Map<String, ChannelMembership> channels, Map<String, Long> readSeqs) implements Notice {}

  // Events

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = WorkspaceRecorded.class, name = "workspace-recorded"),
    @JsonSubTypes.Type(value = ChannelRecorded.class, name = "channel-recorded"),
    @JsonSubTypes.Type(value = ChannelForgotten.class, name = "channel-forgotten"),
    @JsonSubTypes.Type(value = ReadMarked.class, name = "read-marked"),
    @JsonSubTypes.Type(value = MentionRecorded.class, name = "mention-recorded"),
    @JsonSubTypes.Type(value = PresenceChosen.class, name = "presence-chosen"),
    @JsonSubTypes.Type(value = SuspensionChanged.class, name = "suspension-changed"),
    @JsonSubTypes.Type(value = WorkspaceForgotten.class, name = "workspace-forgotten")
  })
  public sealed interface Event extends CborSerializable {}

  public record WorkspaceRecorded(WorkspaceMembership workspace) implements Event {}

  public record ChannelRecorded(ChannelMembership channel) implements Event {}

  public record ChannelForgotten(String channelId) implements Event {}

  public record ReadMarked(String channelId, long seq) implements Event {}

  public record MentionRecorded(String channelId, long seq) implements Event {}

  public record PresenceChosen(String status) implements Event {}

  public record SuspensionChanged(boolean suspended) implements Event {}

  /** The user is no longer in the workspace: it and its channels are gone from the index. */
  public record WorkspaceForgotten(String workspaceId) implements Event {}

  // State

  public record WorkspaceMembership(String workspaceId, String name, Role role) implements CborSerializable {}

  public record ChannelMembership(String channelId, String workspaceId, String name, ChannelKind kind)
      implements CborSerializable {}

  /**
   * Memberships by id; {@code readSeqs} holds the read marker of each channel, {@code mentions} the
   * seqs of unread messages that name the user, {@code presence} the status the user chose,
   * {@code suspended} whether the account is deactivated (false in snapshots from before).
   */
  public record State(
      Map<String, WorkspaceMembership> workspaces,
      Map<String, ChannelMembership> channels,
      Map<String, Long> readSeqs,
      Map<String, List<Long>> mentions,
      String presence,
      boolean suspended)
      implements CborSerializable {
    static final String DEFAULT_PRESENCE = "online";
    static final State EMPTY = new State(Map.of(), Map.of(), Map.of(), Map.of(), DEFAULT_PRESENCE, false);

    public State {
      workspaces = workspaces instanceof PMap<String, WorkspaceMembership> w ? w : HashTreePMap.from(workspaces);
      channels = channels instanceof PMap<String, ChannelMembership> c ? c : HashTreePMap.from(channels);
      readSeqs = readSeqs instanceof PMap<String, Long> r ? r : HashTreePMap.from(readSeqs);
      mentions = mentions == null ? HashTreePMap.empty() : persistentMentions(mentions);
      presence = presence == null ? DEFAULT_PRESENCE : presence;
    }

    private static PMap<String, List<Long>> persistentMentions(Map<String, List<Long>> mentions) {
      if (mentions instanceof PMap<String, List<Long>> p) {
        return p;
      }
      PMap<String, List<Long>> result = HashTreePMap.empty();
      for (Map.Entry<String, List<Long>> e : mentions.entrySet()) {
        result = result.plus(e.getKey(), TreePVector.from(e.getValue()));
      }
      return result;
    }

    public long readSeq(String channelId) {
      return readSeqs.getOrDefault(channelId, 0L);
    }

    /** Messages naming the user after the read marker. */
    public int mentionCount(String channelId) {
      return mentions.getOrDefault(channelId, List.of()).size();
    }

    private State with(
        Map<String, WorkspaceMembership> workspaces,
        Map<String, ChannelMembership> channels,
        Map<String, Long> readSeqs,
        Map<String, List<Long>> mentions,
        String presence) {
      return new State(workspaces, channels, readSeqs, mentions, presence, suspended);
    }

    State withSuspended(boolean now) {
      return new State(workspaces, channels, readSeqs, mentions, presence, now);
    }

    State withWorkspace(WorkspaceMembership workspace) {
      return with(pmap(workspaces).plus(workspace.workspaceId(), workspace), channels, readSeqs, mentions, presence);
    }

    State withoutWorkspace(String workspaceId) {
      State next = with(pmap(workspaces).minus(workspaceId), channels, readSeqs, mentions, presence);
      for (ChannelMembership channel : channels.values()) {
        if (channel.workspaceId().equals(workspaceId)) {
          next = next.withoutChannel(channel.channelId());
        }
      }
      return next;
    }

    State withChannel(ChannelMembership channel) {
      return with(workspaces, pmap(channels).plus(channel.channelId(), channel), readSeqs, mentions, presence);
    }

    State withoutChannel(String channelId) {
      return with(
          workspaces, pmap(channels).minus(channelId), pmap(readSeqs).minus(channelId), pmap(mentions).minus(channelId), presence);
    }

    State withRead(String channelId, long seq) {
      List<Long> unread = mentions.getOrDefault(channelId, List.of()).stream().filter(m -> m > seq).toList();
      PMap<String, List<Long>> nextMentions =
          unread.isEmpty() ? pmap(mentions).minus(channelId) : pmap(mentions).plus(channelId, TreePVector.from(unread));
      return with(workspaces, channels, pmap(readSeqs).plus(channelId, seq), nextMentions, presence);
    }

    State withMention(String channelId, long seq) {
      PVector<Long> seqs = (PVector<Long>) mentions.getOrDefault(channelId, TreePVector.empty());
      return with(workspaces, channels, readSeqs, pmap(mentions).plus(channelId, seqs.plus(seq)), presence);
    }

    State withPresence(String status) {
      return with(workspaces, channels, readSeqs, mentions, status);
    }

    private static <K, V> PMap<K, V> pmap(Map<K, V> map) {
      return (PMap<K, V>) map;
    }
  }

  /**
   * Settings of this entity type; {@code maxConnections}: live connections one user may have at
   * once, on all nodes together.
   */
  public record Settings(
      int snapshotEvery,
      Duration attachmentTtl,
      Duration presenceCheckEvery,
      int maxConnections,
      PersistFailureBackoff persistFailureBackoff) {}

  // Wiring

  public static void init(ActorSystem<?> system, Settings settings, PresencePublisher presence, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, entityContext -> create(entityContext.getEntityId(), settings, presence, clock)));
  }

  public static Behavior<Command> create(String userId, Settings settings, PresencePublisher presence, Clock clock) {
    return LogContext.withMdc(
        Map.of(LogContext.USER_ID, userId),
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers -> {
                      timers.startTimerWithFixedDelay(PurgeAttachments.INSTANCE, settings.presenceCheckEvery());
                      return new UserSession(userId, settings, presence, clock);
                    })));
  }

  private final Settings settings;
  private final Attachments attachments;
  private final SignOutCommands signOuts;
  private final PresenceCommands presences;
  private final ReadCommands reads;
  private final MembershipCommands memberships;

  private UserSession(String userId, Settings settings, PresencePublisher presence, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), userId), settings.persistFailureBackoff().strategy());
    this.settings = settings;
    this.attachments = new Attachments(Effect(), userId, settings, presence, clock);
    this.signOuts = new SignOutCommands(Effect(), attachments);
    this.presences = new PresenceCommands(Effect(), attachments);
    this.reads = new ReadCommands(Effect(), attachments);
    this.memberships = new MembershipCommands(Effect(), attachments);
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  // Command handlers

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Attach.class, attachments::attach)
        .onCommand(KeepAttached.class, attachments::keepAttached)
        .onCommand(Detach.class, attachments::detach)
        .onCommand(PurgeAttachments.class, (state, c) -> attachments.purge(state))
        .onCommand(GetState.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(state)))
        .onCommand(RecordWorkspace.class, memberships::recordWorkspace)
        .onCommand(RecordChannel.class, memberships::recordChannel)
        .onCommand(ForgetChannel.class, memberships::forgetChannel)
        .onCommand(ForgetWorkspace.class, memberships::forgetWorkspace)
        .onCommand(MarkRead.class, reads::markRead)
        .onCommand(RecordMention.class, reads::recordMention)
        .onCommand(SetPresence.class, presences::setPresence)
        .onCommand(GetPresence.class, presences::getPresence)
        .onCommand(PresenceOf.class, presences::presenceOf)
        .onCommand(Signal.class, presences::signal)
        .onCommand(Suspend.class, signOuts::suspend)
        .onCommand(SignOut.class, signOuts::signOut)
        .build();
  }

  // Event handler

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(WorkspaceRecorded.class, (state, e) -> state.withWorkspace(e.workspace()))
        .onEvent(ChannelRecorded.class, (state, e) -> state.withChannel(e.channel()))
        .onEvent(ChannelForgotten.class, (state, e) -> state.withoutChannel(e.channelId()))
        .onEvent(ReadMarked.class, (state, e) -> state.withRead(e.channelId(), e.seq()))
        .onEvent(MentionRecorded.class, (state, e) -> state.withMention(e.channelId(), e.seq()))
        .onEvent(PresenceChosen.class, (state, e) -> state.withPresence(e.status()))
        .onEvent(SuspensionChanged.class, (state, e) -> state.withSuspended(e.suspended()))
        .onEvent(WorkspaceForgotten.class, (state, e) -> state.withoutWorkspace(e.workspaceId()))
        .build();
  }
}
