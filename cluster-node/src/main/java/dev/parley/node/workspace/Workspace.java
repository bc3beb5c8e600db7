package dev.parley.node.workspace;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * A workspace: its members and their roles, its invite codes, and the directory of its channels.
 * Channel names are unique per workspace because this one entity hands them out: a name taken is
 * taken for everyone, its creator included.
 *
 * <p>Creating a channel is three steps on three entities: this one reserves the name (the channel
 * is then pending), the Channel entity is created, the creator's session records it. The requester
 * normally does the last two and then {@link CompleteChannel}s it. A creation left half done (a
 * node died, an answer was lost) is finished here after {@link Settings#completeChannelsAfter}, by
 * the {@link ChannelCompleter}, or released when it can never be finished: never by a client's
 * retry, which is refused like any other create of a taken name.
 *
 * <p>States: {@link Empty} (never created: everything but {@link Create} is {@code not_found}) and
 * {@link Active}. Someone who is not a member gets {@code not_found} for everything: a workspace's
 * existence is not revealed to outsiders.
 */
public final class Workspace
    extends EventSourcedBehaviorWithEnforcedReplies<Workspace.Command, Workspace.Event, Workspace.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Workspace");

  // Commands

  public sealed interface Command extends CborSerializable {}

  public record Create(String name, String ownerId, String ownerUsername, ActorRef<Outcome<Summary>> replyTo)
      implements Command {}

  public record CreateInvite(String userId, ActorRef<Outcome<Invite>> replyTo) implements Command {}

  /** Accepted if {@code secret} is a live invite of this workspace: a registration that needs one asks first. */
  public record CheckInvite(String secret, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  /** {@code secret} is the part of the invite code after the workspace id. */
  public record Join(String secret, String userId, String username, ActorRef<Outcome<Summary>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "Join[userId=" + userId + "]";
    }
  }

  public record GetMembers(String userId, ActorRef<Outcome<Members>> replyTo) implements Command {}

  /** The caller's role; {@code not_found} for non-members. */
  public record GetMembership(String userId, ActorRef<Outcome<Summary>> replyTo) implements Command {}

  /** Reserves a channel name for a new channel id (the Channel entity is created next). */
  public record RegisterChannel(
      String userId,
      String channelId,
      String name,
      ChannelKind kind,
      String topic,
      ActorRef<Outcome<ChannelEntry>> replyTo)
      implements Command {}

  /** The requester finished the creation of a pending channel. */
  public record CompleteChannel(String channelId, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  public record ListChannels(String userId, ActorRef<Outcome<Directory>> replyTo) implements Command {}

  /** The owner makes a member an admin or a member again; answered with the member's new summary. */
  public record SetRole(String userId, String memberId, Role role, ActorRef<Outcome<Summary>> replyTo)
      implements Command {}

  /** An invite that works for {@code expiresInMillis} and {@code maxUses} joins; either may be null (no limit). */
  public record IssueInvite(String userId, Long expiresInMillis, Integer maxUses, ActorRef<Outcome<Invite>> replyTo)
      implements Command {}

  /** The live invites, for owners and admins. */
  public record ListInvites(String userId, ActorRef<Outcome<InviteList>> replyTo) implements Command {}

  public record RevokeInvite(String userId, String secret, ActorRef<Outcome<InviteTerms>> replyTo) implements Command {}

  /** Whether {@code userId} may remove {@code memberId}; changes nothing: the edge then clears the member's channels. */
  public record CheckRemoval(String userId, String memberId, ActorRef<Outcome<Member>> replyTo) implements Command {}

  /** An owner or admin removes a member from the workspace. */
  public record RemoveMember(String userId, String memberId, ActorRef<Outcome<Member>> replyTo) implements Command {}

  /** The owner hands the workspace to another member and becomes an admin. */
  public record TransferOwnership(String userId, String memberId, ActorRef<Outcome<MembersOf>> replyTo)
      implements Command {}

  /** An owner or admin renames the workspace; answered with every member, whose sessions show the name. */
  public record Rename(String userId, String name, ActorRef<Outcome<MembersOf>> replyTo) implements Command {}

  /** An owner or admin renames a channel: the name must be free (a repeat of the same rename is acknowledged). */
  public record RenameChannel(String userId, String channelId, String name, ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  /** An owner or admin deleted a channel: its name is free again. Acknowledged if it is gone already. */
  public record DropChannel(String userId, String channelId, ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  /** Timer: finish the creations left pending for longer than the requester may take. */
  private enum CompletePending implements Command {
    INSTANCE
  }

  /** The {@link ChannelCompleter}'s answer for a pending channel; {@code failure}: try again later. */
  private record CompletionDone(String channelId, ChannelCompleter.Result result, Throwable failure)
      implements Command {}

  // Replies

  public record Summary(String workspaceId, String name, Role role) implements CborSerializable {}

  public record Invite(String code) implements CborSerializable {}

  public record Member(String userId, String username, Role role) implements CborSerializable {}

  public record Members(List<Member> members) implements CborSerializable {}

  public record ChannelEntry(String channelId, String name, ChannelKind kind, String createdBy)
      implements CborSerializable {}

  public record Directory(List<ChannelEntry> channels) implements CborSerializable {}

  /** A live invite: {@code terms} is null for invites made before invites had terms. */
  public record ListedInvite(String code, InviteTerms terms) implements CborSerializable {}

  public record InviteList(List<ListedInvite> invites) implements CborSerializable {}

  /** The workspace's name and the members an action changed, as they are now. */
  public record MembersOf(String workspaceId, String name, List<Member> members) implements CborSerializable {}

  // Events

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Created.class, name = "created"),
    @JsonSubTypes.Type(value = InviteCreated.class, name = "invite-created"),
    @JsonSubTypes.Type(value = MemberJoined.class, name = "member-joined"),
    @JsonSubTypes.Type(value = ChannelRegistered.class, name = "channel-registered"),
    @JsonSubTypes.Type(value = ChannelReserved.class, name = "channel-reserved"),
    @JsonSubTypes.Type(value = ChannelCompleted.class, name = "channel-completed"),
    @JsonSubTypes.Type(value = ChannelReleased.class, name = "channel-released"),
    @JsonSubTypes.Type(value = RoleChanged.class, name = "role-changed"),
    @JsonSubTypes.Type(value = InviteIssued.class, name = "invite-issued"),
    @JsonSubTypes.Type(value = InviteUsed.class, name = "invite-used"),
    @JsonSubTypes.Type(value = InviteRevoked.class, name = "invite-revoked"),
    @JsonSubTypes.Type(value = MemberRemoved.class, name = "member-removed"),
    @JsonSubTypes.Type(value = OwnershipTransferred.class, name = "ownership-transferred"),
    @JsonSubTypes.Type(value = Renamed.class, name = "renamed"),
    @JsonSubTypes.Type(value = ChannelDropped.class, name = "channel-dropped"),
    @JsonSubTypes.Type(value = ChannelRenamed.class, name = "channel-renamed")
  })
  public sealed interface Event extends CborSerializable {}

  public record Created(String workspaceId, String name, String ownerId, String ownerUsername, long ts)
      implements Event {}

  public record InviteCreated(String secret, String createdBy, long ts) implements Event {
    @Override
    public String toString() {
      return "InviteCreated[createdBy=" + createdBy + ", ts=" + ts + "]";
    }
  }

  public record MemberJoined(String userId, String username, Role role, long ts) implements Event {}

  /** A channel registered whole, by versions that created channels without a pending step; replayed only. */
  public record ChannelRegistered(ChannelEntry channel, long ts) implements Event {}

  /** A channel's name is taken for its id; the channel is pending until {@link ChannelCompleted}. */
  public record ChannelReserved(ChannelEntry channel, String topic, long ts) implements Event {}

  public record ChannelCompleted(String channelId, long ts) implements Event {}

  /** A pending channel that could not be created: its name is free again. */
  public record ChannelReleased(String channelId, long ts) implements Event {}

  public record RoleChanged(String userId, Role role, String changedBy, long ts) implements Event {}

  /** An invite with terms; {@code expiresAt} and {@code maxUses} may be null. */
  public record InviteIssued(String secret, String createdBy, long ts, Long expiresAt, Integer maxUses) implements Event {
    @Override
    public String toString() {
      return "InviteIssued[createdBy=" + createdBy + ", ts=" + ts + "]";
    }
  }

  /** Persisted with the {@link MemberJoined} of a join through an invite with terms. */
  public record InviteUsed(String secret, String userId, long ts) implements Event {
    @Override
    public String toString() {
      return "InviteUsed[userId=" + userId + ", ts=" + ts + "]";
    }
  }

  public record InviteRevoked(String secret, String revokedBy, long ts) implements Event {
    @Override
    public String toString() {
      return "InviteRevoked[revokedBy=" + revokedBy + ", ts=" + ts + "]";
    }
  }

  public record MemberRemoved(String userId, String removedBy, long ts) implements Event {}

  /** {@code from}, the owner, becomes an admin; {@code to} the owner. */
  public record OwnershipTransferred(String from, String to, long ts) implements Event {}

  public record Renamed(String name, String renamedBy, long ts) implements Event {}

  public record ChannelDropped(String channelId, String droppedBy, long ts) implements Event {}

  /** The directory lists the channel under {@code name}; its old name is free. */
  public record ChannelRenamed(String channelId, String name, String renamedBy, long ts) implements Event {}

  // State

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Empty.class, name = "empty"),
    @JsonSubTypes.Type(value = Active.class, name = "active")
  })
  public sealed interface State extends CborSerializable {}

  public record Empty() implements State {}

  /** A channel whose name is reserved and whose creation is not known to be finished. */
  public record PendingChannel(ChannelEntry entry, String topic, long reservedAt) implements CborSerializable {}

  /**
   * {@code invites} holds the newest invite secrets, oldest first; {@code channels} is keyed by name
   * and holds the pending channels too, whose names are taken; {@code pending} is keyed by channel id
   * (absent from snapshots of versions before it: none pending); {@code inviteTerms} holds the terms
   * of those invites that have them, by secret (absent from older snapshots: none).
   */
  public record Active(
      String workspaceId,
      String name,
      Map<String, Member> members,
      List<String> invites,
      Map<String, ChannelEntry> channels,
      Map<String, PendingChannel> pending,
      Map<String, InviteTerms> inviteTerms)
      implements State {
    public Active {
      inviteTerms =
          inviteTerms == null
              ? HashTreePMap.empty()
              : inviteTerms instanceof PMap<String, InviteTerms> t ? t : HashTreePMap.from(inviteTerms);
      members = members instanceof PMap<String, Member> m ? m : HashTreePMap.from(members);
      invites = invites instanceof PVector<String> v ? v : TreePVector.from(invites);
      channels = channels instanceof PMap<String, ChannelEntry> c ? c : HashTreePMap.from(channels);
      pending =
          pending == null
              ? HashTreePMap.empty()
              : pending instanceof PMap<String, PendingChannel> p ? p : HashTreePMap.from(pending);
    }

    @Override
    public String toString() {
      return "Active[workspaceId=" + workspaceId + ", members=" + members.size() + ", channels=" + channels.size() + "]";
    }

    Role roleOf(String userId) {
      Member member = members.get(userId);
      return member == null ? null : member.role();
    }

    Summary summaryFor(String userId) {
      return new Summary(workspaceId, name, roleOf(userId));
    }

    Active withMember(Member member) {
      return new Active(
          workspaceId, name, ((PMap<String, Member>) members).plus(member.userId(), member), invites, channels, pending, inviteTerms);
    }

    Active withoutMember(String userId) {
      return new Active(
          workspaceId, name, ((PMap<String, Member>) members).minus(userId), invites, channels, pending, inviteTerms);
    }

    Active withName(String newName) {
      return new Active(workspaceId, newName, members, invites, channels, pending, inviteTerms);
    }

    /** The oldest invites beyond {@code capacity} are dropped, with their terms. */
    Active withInvite(String secret, int capacity) {
      PVector<String> next = ((PVector<String>) invites).plus(secret);
      PMap<String, InviteTerms> terms = (PMap<String, InviteTerms>) inviteTerms;
      while (next.size() > capacity) {
        terms = terms.minus(next.get(0));
        next = next.minus(0);
      }
      return new Active(workspaceId, name, members, next, channels, pending, terms);
    }

    Active withTerms(String secret, InviteTerms terms) {
      return new Active(
          workspaceId, name, members, invites, channels, pending, ((PMap<String, InviteTerms>) inviteTerms).plus(secret, terms));
    }

    /** Null when the invite {@code secret} lets someone join at {@code now}; otherwise why not. */
    String inviteRefusal(String secret, long now) {
      if (!invites.contains(secret)) {
        return INVALID_INVITE;
      }
      InviteTerms terms = inviteTerms.get(secret);
      return terms == null ? null : terms.refusal(now);
    }

    Active withRenamedChannel(ChannelEntry entry, String newName) {
      PMap<String, ChannelEntry> renamed =
          ((PMap<String, ChannelEntry>) channels)
              .minus(entry.name())
              .plus(newName, new ChannelEntry(entry.channelId(), newName, entry.kind(), entry.createdBy()));
      return new Active(workspaceId, name, members, invites, renamed, pending, inviteTerms);
    }

    Active withoutChannel(String channelId) {
      ChannelEntry entry = channels.values().stream().filter(e -> e.channelId().equals(channelId)).findFirst().orElse(null);
      if (entry == null) {
        return this;
      }
      return new Active(
              workspaceId,
              name,
              members,
              invites,
              ((PMap<String, ChannelEntry>) channels).minus(entry.name()),
              pending,
              inviteTerms)
          .withCompleted(channelId);
    }

    Active withChannel(ChannelEntry entry) {
      return new Active(
          workspaceId,
          name,
          members,
          invites,
          ((PMap<String, ChannelEntry>) channels).plus(entry.name(), entry),
          pending,
          inviteTerms);
    }

    Active withReserved(PendingChannel reserved) {
      return withChannel(reserved.entry())
          .withPending(((PMap<String, PendingChannel>) pending).plus(reserved.entry().channelId(), reserved));
    }

    Active withCompleted(String channelId) {
      return withPending(((PMap<String, PendingChannel>) pending).minus(channelId));
    }

    Active withReleased(String channelId) {
      PendingChannel released = pending.get(channelId);
      if (released == null) {
        return this;
      }
      return new Active(
              workspaceId,
              name,
              members,
              invites,
              ((PMap<String, ChannelEntry>) channels).minus(released.entry().name()),
              pending,
              inviteTerms)
          .withCompleted(channelId);
    }

    private Active withPending(Map<String, PendingChannel> next) {
      return new Active(workspaceId, name, members, invites, channels, next, inviteTerms);
    }
  }

  /**
   * Settings of this entity type. {@code completeChannelsAfter}: how long a requester has to finish
   * a channel's creation before this entity finishes it, and how often it tries again.
   */
  public record Settings(
      int snapshotEvery, int maxInvites, Duration completeChannelsAfter, PersistFailureBackoff persistFailureBackoff) {}

  // Wiring

  public static void init(
      ActorSystem<?> system,
      Settings settings,
      Supplier<String> inviteSecrets,
      ChannelCompleter completer,
      Clock clock) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY,
                entityContext -> create(entityContext.getEntityId(), settings, inviteSecrets, completer, clock)));
  }

  public static Behavior<Command> create(
      String workspaceId, Settings settings, Supplier<String> inviteSecrets, ChannelCompleter completer, Clock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new Workspace(context, timers, workspaceId, settings, inviteSecrets, completer, clock)));
  }

  /** Invite codes name their workspace, so {@code workspace.join} needs nothing but the code. */
  public static String inviteCode(String workspaceId, String secret) {
    return workspaceId + "-" + secret;
  }

  /** The workspace id and secret of an invite code, or null when it has no such shape. */
  public static String[] splitInviteCode(String code) {
    int dash = code.indexOf('-');
    if (dash <= 0 || dash == code.length() - 1) {
      return null;
    }
    return new String[] {code.substring(0, dash), code.substring(dash + 1)};
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String workspaceId;
  private final Settings settings;
  private final Supplier<String> inviteSecrets;
  private final ChannelCompleter completer;
  private final Clock clock;
  private final WorkspaceAdministration administration;
  /** Pending channels whose completion is under way: soft state, so a restart simply tries again. */
  private final Set<String> completing = new HashSet<>();

  private Workspace(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String workspaceId,
      Settings settings,
      Supplier<String> inviteSecrets,
      ChannelCompleter completer,
      Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), workspaceId), settings.persistFailureBackoff().strategy());
    this.context = context;
    this.timers = timers;
    this.workspaceId = workspaceId;
    this.settings = settings;
    this.inviteSecrets = inviteSecrets;
    this.completer = completer;
    this.clock = clock;
    this.administration = new WorkspaceAdministration(Effect(), workspaceId, inviteSecrets, clock);
  }

  @Override
  public State emptyState() {
    return new Empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> scheduleCompletion(state)).build();
  }

  // Command handlers

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Empty.class)
        .onCommand(Create.class, this::create)
        .onCommand(CreateInvite.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Join.class, (state, c) -> Effect().reply(c.replyTo(), invalidInvite()))
        .onCommand(CheckInvite.class, (state, c) -> Effect().reply(c.replyTo(), invalidInvite()))
        .onCommand(GetMembers.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(GetMembership.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RegisterChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(CompleteChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ListChannels.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(SetRole.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(IssueInvite.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ListInvites.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RevokeInvite.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(CheckRemoval.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RemoveMember.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(TransferOwnership.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Rename.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(DropChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RenameChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(CompletePending.class, (state, c) -> Effect().noReply())
        .onCommand(CompletionDone.class, (state, c) -> Effect().noReply());
    builder
        .forStateType(Active.class)
        .onCommand(Create.class, this::createAgain)
        .onCommand(CreateInvite.class, this::createInvite)
        .onCommand(Join.class, this::join)
        .onCommand(CheckInvite.class, this::checkInvite)
        .onCommand(GetMembers.class, this::getMembers)
        .onCommand(GetMembership.class, this::getMembership)
        .onCommand(RegisterChannel.class, this::registerChannel)
        .onCommand(CompleteChannel.class, this::completeChannel)
        .onCommand(ListChannels.class, this::listChannels)
        .onCommand(SetRole.class, this::setRole)
        .onCommand(IssueInvite.class, administration::issueInvite)
        .onCommand(ListInvites.class, administration::listInvites)
        .onCommand(RevokeInvite.class, administration::revokeInvite)
        .onCommand(CheckRemoval.class, administration::checkRemoval)
        .onCommand(RemoveMember.class, administration::removeMember)
        .onCommand(TransferOwnership.class, administration::transferOwnership)
        .onCommand(Rename.class, administration::rename)
        .onCommand(DropChannel.class, administration::dropChannel)
        .onCommand(RenameChannel.class, administration::renameChannel)
        .onCommand(CompletePending.class, this::completePending)
        .onCommand(CompletionDone.class, this::completionDone);
    return builder.build();
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such workspace");
  }

  static final String INVALID_INVITE = "invalid invite code";

  private static <T> Outcome<T> invalidInvite() {
    return Outcome.notFound(INVALID_INVITE);
  }

  private ReplyEffect<Event, State> create(Empty state, Create c) {
    Created created = new Created(workspaceId, c.name(), c.ownerId(), c.ownerUsername(), clock.millis());
    return Effect()
        .persist(created)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.ownerId())));
  }

  private ReplyEffect<Event, State> createAgain(Active state, Create c) {
    if (state.roleOf(c.ownerId()) != Role.OWNER || !state.name().equals(c.name())) {
      return Effect().reply(c.replyTo(), Outcome.conflict("workspace id already in use"));
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.ownerId())));
  }

  /** Sent by versions before invites had terms: an invite without them. */
  private ReplyEffect<Event, State> createInvite(Active state, CreateInvite c) {
    return administration.issueInvite(state, new IssueInvite(c.userId(), null, null, c.replyTo()));
  }

  private ReplyEffect<Event, State> checkInvite(Active state, CheckInvite c) {
    String refusal = state.inviteRefusal(c.secret(), clock.millis());
    return Effect()
        .reply(c.replyTo(), refusal == null ? Outcome.accepted(Acknowledged.INSTANCE) : Outcome.notFound(refusal));
  }

  /** A join through an invite with terms counts as one of its uses, in the same write. */
  private ReplyEffect<Event, State> join(Active state, Join c) {
    if (state.roleOf(c.userId()) != null) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
    }
    long now = clock.millis();
    String refusal = state.inviteRefusal(c.secret(), now);
    if (refusal != null) {
      return Effect().reply(c.replyTo(), Outcome.notFound(refusal));
    }
    List<Event> events = new ArrayList<>();
    events.add(new MemberJoined(c.userId(), c.username(), Role.MEMBER, now));
    if (state.inviteTerms().containsKey(c.secret())) {
      events.add(new InviteUsed(c.secret(), c.userId(), now));
    }
    return Effect()
        .persist(events)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.userId())));
  }

  private ReplyEffect<Event, State> getMembers(Active state, GetMembers c) {
    if (state.roleOf(c.userId()) == null) {
      return Effect().reply(c.replyTo(), notFound());
    }
    List<Member> members =
        state.members().values().stream().sorted(Comparator.comparing(Member::username)).toList();
    return Effect().reply(c.replyTo(), Outcome.accepted(new Members(members)));
  }

  private ReplyEffect<Event, State> getMembership(Active state, GetMembership c) {
    if (state.roleOf(c.userId()) == null) {
      return Effect().reply(c.replyTo(), notFound());
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
  }

  /**
   * A taken name is a conflict whoever asks, its creator included: answering a creator's second
   * create with the existing channel handed a private channel back to a creator who had left it.
   */
  private ReplyEffect<Event, State> registerChannel(Active state, RegisterChannel c) {
    if (state.roleOf(c.userId()) == null) {
      return Effect().reply(c.replyTo(), notFound());
    }
    if (state.channels().containsKey(c.name())) {
      return Effect().reply(c.replyTo(), Outcome.conflict("a channel named '" + c.name() + "' exists"));
    }
    ChannelEntry entry = new ChannelEntry(c.channelId(), c.name(), c.kind(), c.userId());
    return Effect()
        .persist(new ChannelReserved(entry, c.topic(), clock.millis()))
        .thenRun(this::scheduleCompletion)
        .thenReply(c.replyTo(), next -> Outcome.accepted(entry));
  }

  /** Idempotent: a channel completed already, or released meanwhile, is acknowledged as it is. */
  private ReplyEffect<Event, State> completeChannel(Active state, CompleteChannel c) {
    if (!state.pending().containsKey(c.channelId())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return Effect()
        .persist(new ChannelCompleted(c.channelId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  private ReplyEffect<Event, State> completePending(Active state, CompletePending c) {
    long due = clock.millis() - settings.completeChannelsAfter().toMillis();
    for (PendingChannel channel : state.pending().values()) {
      String channelId = channel.entry().channelId();
      if (channel.reservedAt() <= due && completing.add(channelId)) {
        context.getLog().info("Workspace {} completes the creation of channel {}", workspaceId, channelId);
        context.pipeToSelf(
            completer.complete(workspaceId, channel),
            (result, failure) -> new CompletionDone(channelId, result, failure));
      }
    }
    scheduleCompletion(state);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> completionDone(Active state, CompletionDone c) {
    completing.remove(c.channelId());
    if (!state.pending().containsKey(c.channelId())) {
      return Effect().noReply();
    }
    if (c.failure() != null) {
      context.getLog()
          .warn("Workspace {} could not complete channel {} yet: {}", workspaceId, c.channelId(), c.failure().toString());
      return Effect().noReply();
    }
    if (c.result() == ChannelCompleter.Result.IMPOSSIBLE) {
      context.getLog().warn("Workspace {} released channel {}: it cannot be created", workspaceId, c.channelId());
      return Effect().persist(new ChannelReleased(c.channelId(), clock.millis())).thenNoReply();
    }
    return Effect().persist(new ChannelCompleted(c.channelId(), clock.millis())).thenNoReply();
  }

  /** While channels are pending, looks at them again after the requester's allowance. */
  private void scheduleCompletion(State state) {
    if (state instanceof Active active
        && !active.pending().isEmpty()
        && !timers.isTimerActive(CompletePending.INSTANCE)) {
      timers.startSingleTimer(CompletePending.INSTANCE, settings.completeChannelsAfter());
    }
  }

  private ReplyEffect<Event, State> listChannels(Active state, ListChannels c) {
    if (state.roleOf(c.userId()) == null) {
      return Effect().reply(c.replyTo(), notFound());
    }
    List<ChannelEntry> entries =
        state.channels().values().stream()
            .filter(entry -> !state.pending().containsKey(entry.channelId()))
            .sorted(Comparator.comparing(ChannelEntry::name))
            .toList();
    return Effect().reply(c.replyTo(), Outcome.accepted(new Directory(entries)));
  }

  private ReplyEffect<Event, State> setRole(Active state, SetRole c) {
    Role callerRole = state.roleOf(c.userId());
    if (callerRole == null) {
      return Effect().reply(c.replyTo(), notFound());
    }
    if (callerRole != Role.OWNER) {
      return Effect().reply(c.replyTo(), Outcome.forbidden("only the owner changes roles"));
    }
    Role current = state.roleOf(c.memberId());
    if (current == null) {
      return Effect().reply(c.replyTo(), Outcome.notFound("no such member"));
    }
    if (current == Role.OWNER) {
      return Effect().reply(c.replyTo(), Outcome.forbidden("the owner's role does not change"));
    }
    if (current == c.role()) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.memberId())));
    }
    return Effect()
        .persist(new RoleChanged(c.memberId(), c.role(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.memberId())));
  }

  // Event handler

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder
        .forStateType(Empty.class)
        .onEvent(
            Created.class,
            (state, e) ->
                new Active(
                    e.workspaceId(),
                    e.name(),
                    Map.of(e.ownerId(), new Member(e.ownerId(), e.ownerUsername(), Role.OWNER)),
                    List.of(),
                    Map.of(),
                    Map.of(),
                    Map.of()));
    builder
        .forStateType(Active.class)
        .onEvent(InviteCreated.class, (state, e) -> state.withInvite(e.secret(), settings.maxInvites()))
        .onEvent(MemberJoined.class, (state, e) -> state.withMember(new Member(e.userId(), e.username(), e.role())))
        .onEvent(ChannelRegistered.class, (state, e) -> state.withChannel(e.channel()))
        .onEvent(ChannelReserved.class, (state, e) -> state.withReserved(new PendingChannel(e.channel(), e.topic(), e.ts())))
        .onEvent(ChannelCompleted.class, (state, e) -> state.withCompleted(e.channelId()))
        .onEvent(ChannelReleased.class, (state, e) -> state.withReleased(e.channelId()))
        .onEvent(
            RoleChanged.class,
            (state, e) -> state.withMember(new Member(e.userId(), state.members().get(e.userId()).username(), e.role())))
        .onEvent(
            InviteIssued.class,
            (state, e) ->
                state
                    .withInvite(e.secret(), settings.maxInvites())
                    .withTerms(e.secret(), new InviteTerms(e.createdBy(), e.ts(), e.expiresAt(), e.maxUses(), 0, false)))
        .onEvent(InviteUsed.class, (state, e) -> WorkspaceAdministration.withTermsChanged(state, e.secret(), InviteTerms::used))
        .onEvent(InviteRevoked.class, (state, e) -> WorkspaceAdministration.revoked(state, e))
        .onEvent(MemberRemoved.class, (state, e) -> state.withoutMember(e.userId()))
        .onEvent(OwnershipTransferred.class, WorkspaceAdministration::transferred)
        .onEvent(Renamed.class, (state, e) -> state.withName(e.name()))
        .onEvent(ChannelDropped.class, (state, e) -> state.withoutChannel(e.channelId()))
        .onEvent(ChannelRenamed.class, WorkspaceAdministration::channelRenamed);
    return builder.build();
  }
}
