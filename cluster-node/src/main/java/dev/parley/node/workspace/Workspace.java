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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
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
 *
 * <p>This file is the entity's protocol, events and state, whose class names are on the wire and in
 * the journal; {@link WorkspaceEntity} is its behaviour, with its command handlers by concern in
 * {@link WorkspaceMembership}, {@link WorkspaceChannels} and {@link WorkspaceAdministration}.
 */
public final class Workspace {

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
  enum CompletePending implements Command {
    INSTANCE
  }

  /** The {@link ChannelCompleter}'s answer for a pending channel; {@code failure}: try again later. */
  record CompletionDone(String channelId, ChannelCompleter.Result result, Throwable failure)
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
   * of those invites that have them, by secret (absent from older snapshots: none). What each
   * event changes is in {@link WorkspaceEventHandler}.
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

    /** Null when the invite {@code secret} lets someone join at {@code now}; otherwise why not. */
    String inviteRefusal(String secret, long now) {
      if (!invites.contains(secret)) {
        return INVALID_INVITE;
      }
      InviteTerms terms = inviteTerms.get(secret);
      return terms == null ? null : terms.refusal(now);
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
        context -> {
          // Pekko would name the logger after the behaviour's class; operators find the lines under
          // the entity's name
          context.setLoggerName(Workspace.class);
          return Behaviors.withTimers(
              timers -> new WorkspaceEntity(context, timers, workspaceId, settings, inviteSecrets, completer, clock));
        });
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

  static final String INVALID_INVITE = "invalid invite code";

  private Workspace() {}
}
