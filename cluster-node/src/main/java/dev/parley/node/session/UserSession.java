package dev.parley.node.session;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.workspace.Role;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * One user's view of Parley: the workspaces and channels they belong to and their read markers
 * (persisted), and their live connections on any node (in memory). The Workspace and Channel
 * entities are the authorities on membership; this entity is the user's index of them, written by
 * the edge after the authority accepted, each step idempotent so that a retry completes it.
 *
 * <p>Connections attach on {@code auth} and renew their attachment on a timer, so the live set
 * heals when this entity moves or a node dies; each attached connection hears of channels the
 * user joins elsewhere ({@link Notice}).
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

  // What attached connections hear

  public sealed interface Notice extends CborSerializable {}

  public record ChannelAdded(ChannelMembership channel, long joinedSeq) implements Notice {}

  public record ChannelRemoved(String channelId) implements Notice {}

  // Events

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = WorkspaceRecorded.class, name = "workspace-recorded"),
    @JsonSubTypes.Type(value = ChannelRecorded.class, name = "channel-recorded"),
    @JsonSubTypes.Type(value = ChannelForgotten.class, name = "channel-forgotten")
  })
  public sealed interface Event extends CborSerializable {}

  public record WorkspaceRecorded(WorkspaceMembership workspace) implements Event {}

  public record ChannelRecorded(ChannelMembership channel) implements Event {}

  public record ChannelForgotten(String channelId) implements Event {}

  // State

  public record WorkspaceMembership(String workspaceId, String name, Role role) implements CborSerializable {}

  public record ChannelMembership(String channelId, String workspaceId, String name, ChannelKind kind)
      implements CborSerializable {}

  /** Memberships by id; {@code readSeqs} holds the read marker of each channel. */
  public record State(
      Map<String, WorkspaceMembership> workspaces, Map<String, ChannelMembership> channels, Map<String, Long> readSeqs)
      implements CborSerializable {
    static final State EMPTY = new State(Map.of(), Map.of(), Map.of());

    public State {
      workspaces = workspaces instanceof PMap<String, WorkspaceMembership> w ? w : HashTreePMap.from(workspaces);
      channels = channels instanceof PMap<String, ChannelMembership> c ? c : HashTreePMap.from(channels);
      readSeqs = readSeqs instanceof PMap<String, Long> r ? r : HashTreePMap.from(readSeqs);
    }

    public long readSeq(String channelId) {
      return readSeqs.getOrDefault(channelId, 0L);
    }

    State withWorkspace(WorkspaceMembership workspace) {
      return new State(
          ((PMap<String, WorkspaceMembership>) workspaces).plus(workspace.workspaceId(), workspace), channels, readSeqs);
    }

    State withChannel(ChannelMembership channel) {
      return new State(
          workspaces, ((PMap<String, ChannelMembership>) channels).plus(channel.channelId(), channel), readSeqs);
    }

    State withoutChannel(String channelId) {
      return new State(
          workspaces,
          ((PMap<String, ChannelMembership>) channels).minus(channelId),
          ((PMap<String, Long>) readSeqs).minus(channelId));
    }
  }

  /** Settings of this entity type. */
  public record Settings(int snapshotEvery, Duration attachmentTtl, PersistFailureBackoff persistFailureBackoff) {}

  // Wiring

  public static void init(ActorSystem<?> system, Settings settings, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, entityContext -> create(entityContext.getEntityId(), settings, clock)));
  }

  public static Behavior<Command> create(String userId, Settings settings, Clock clock) {
    return Behaviors.setup(context -> new UserSession(userId, settings, clock));
  }

  private final Settings settings;
  private final Clock clock;
  /** Live connections with the time of their last attach: soft state, never persisted. */
  private final Map<ActorRef<Notice>, Long> connections = new HashMap<>();

  private UserSession(String userId, Settings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), userId), settings.persistFailureBackoff().strategy());
    this.settings = settings;
    this.clock = clock;
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
        .onCommand(Attach.class, this::attach)
        .onCommand(KeepAttached.class, this::keepAttached)
        .onCommand(Detach.class, this::detach)
        .onCommand(GetState.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(state)))
        .onCommand(RecordWorkspace.class, this::recordWorkspace)
        .onCommand(RecordChannel.class, this::recordChannel)
        .onCommand(ForgetChannel.class, this::forgetChannel)
        .build();
  }

  private ReplyEffect<Event, State> attach(State state, Attach c) {
    connections.put(c.connection(), clock.millis());
    return Effect().reply(c.replyTo(), Outcome.accepted(state));
  }

  private ReplyEffect<Event, State> keepAttached(State state, KeepAttached c) {
    connections.put(c.connection(), clock.millis());
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> detach(State state, Detach c) {
    connections.remove(c.connection());
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> recordWorkspace(State state, RecordWorkspace c) {
    WorkspaceMembership membership = new WorkspaceMembership(c.workspaceId(), c.name(), c.role());
    if (membership.equals(state.workspaces().get(c.workspaceId()))) {
      return Effect().reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return Effect()
        .persist(new WorkspaceRecorded(membership))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  private ReplyEffect<Event, State> recordChannel(State state, RecordChannel c) {
    ChannelAdded notice = new ChannelAdded(c.channel(), c.joinedSeq());
    if (c.channel().equals(state.channels().get(c.channel().channelId()))) {
      return Effect().reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return Effect()
        .persist(new ChannelRecorded(c.channel()))
        .thenRun(next -> notifyConnections(notice))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  private ReplyEffect<Event, State> forgetChannel(State state, ForgetChannel c) {
    if (!state.channels().containsKey(c.channelId())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return Effect()
        .persist(new ChannelForgotten(c.channelId()))
        .thenRun(next -> notifyConnections(new ChannelRemoved(c.channelId())))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  private void notifyConnections(Notice notice) {
    long expired = clock.millis() - settings.attachmentTtl().toMillis();
    connections.values().removeIf(attachedAt -> attachedAt < expired);
    connections.keySet().forEach(connection -> connection.tell(notice));
  }

  // Event handler

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(WorkspaceRecorded.class, (state, e) -> state.withWorkspace(e.workspace()))
        .onEvent(ChannelRecorded.class, (state, e) -> state.withChannel(e.channel()))
        .onEvent(ChannelForgotten.class, (state, e) -> state.withoutChannel(e.channelId()))
        .build();
  }
}
