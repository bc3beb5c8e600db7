package dev.parley.node.workspace;

import dev.parley.node.workspace.Workspace.Active;
import dev.parley.node.workspace.Workspace.ChannelCompleted;
import dev.parley.node.workspace.Workspace.ChannelDropped;
import dev.parley.node.workspace.Workspace.ChannelEntry;
import dev.parley.node.workspace.Workspace.ChannelRegistered;
import dev.parley.node.workspace.Workspace.ChannelReleased;
import dev.parley.node.workspace.Workspace.ChannelRenamed;
import dev.parley.node.workspace.Workspace.ChannelReserved;
import dev.parley.node.workspace.Workspace.Created;
import dev.parley.node.workspace.Workspace.Empty;
import dev.parley.node.workspace.Workspace.Event;
import dev.parley.node.workspace.Workspace.InviteCreated;
import dev.parley.node.workspace.Workspace.InviteIssued;
import dev.parley.node.workspace.Workspace.InviteRevoked;
import dev.parley.node.workspace.Workspace.InviteUsed;
import dev.parley.node.workspace.Workspace.Member;
import dev.parley.node.workspace.Workspace.MemberJoined;
import dev.parley.node.workspace.Workspace.MemberRemoved;
import dev.parley.node.workspace.Workspace.OwnershipTransferred;
import dev.parley.node.workspace.Workspace.PendingChannel;
import dev.parley.node.workspace.Workspace.Renamed;
import dev.parley.node.workspace.Workspace.RoleChanged;
import dev.parley.node.workspace.Workspace.State;
import java.util.List;
import java.util.Map;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.pcollections.PMap;
import org.pcollections.PVector;

/**
 * What each of the {@link Workspace}'s events does to its state, and the changes of an {@link
 * Active} workspace they are made of: each returns a new state.
 */
final class WorkspaceEventHandler {
  private WorkspaceEventHandler() {}

  /** {@code maxInvites}: how many of the newest invites are kept. */
  static EventHandler<State, Event> of(EventHandlerBuilder<State, Event> builder, int maxInvites) {
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
        .onEvent(InviteCreated.class, (state, e) -> withInvite(state, e.secret(), maxInvites))
        .onEvent(MemberJoined.class, (state, e) -> withMember(state, new Member(e.userId(), e.username(), e.role())))
        .onEvent(ChannelRegistered.class, (state, e) -> withChannel(state, e.channel()))
        .onEvent(ChannelReserved.class, (state, e) -> withReserved(state, new PendingChannel(e.channel(), e.topic(), e.ts())))
        .onEvent(ChannelCompleted.class, (state, e) -> withCompleted(state, e.channelId()))
        .onEvent(ChannelReleased.class, (state, e) -> withReleased(state, e.channelId()))
        .onEvent(
            RoleChanged.class,
            (state, e) -> withMember(state, new Member(e.userId(), state.members().get(e.userId()).username(), e.role())))
        .onEvent(
            InviteIssued.class,
            (state, e) ->
                withTerms(
                    withInvite(state, e.secret(), maxInvites),
                    e.secret(),
                    new InviteTerms(e.createdBy(), e.ts(), e.expiresAt(), e.maxUses(), 0, false)))
        .onEvent(InviteUsed.class, (state, e) -> WorkspaceAdministration.withTermsChanged(state, e.secret(), InviteTerms::used))
        .onEvent(InviteRevoked.class, (state, e) -> WorkspaceAdministration.revoked(state, e))
        .onEvent(MemberRemoved.class, (state, e) -> withoutMember(state, e.userId()))
        .onEvent(OwnershipTransferred.class, WorkspaceAdministration::transferred)
        .onEvent(Renamed.class, (state, e) -> withName(state, e.name()))
        .onEvent(ChannelDropped.class, (state, e) -> withoutChannel(state, e.channelId()))
        .onEvent(ChannelRenamed.class, WorkspaceAdministration::channelRenamed);
    return builder.build();
  }

  // Changes of an active workspace

  static Active withMember(Active state, Member member) {
    return new Active(
        state.workspaceId(),
        state.name(),
        ((PMap<String, Member>) state.members()).plus(member.userId(), member),
        state.invites(),
        state.channels(),
        state.pending(),
        state.inviteTerms());
  }

  private static Active withoutMember(Active state, String userId) {
    return new Active(
        state.workspaceId(),
        state.name(),
        ((PMap<String, Member>) state.members()).minus(userId),
        state.invites(),
        state.channels(),
        state.pending(),
        state.inviteTerms());
  }

  private static Active withName(Active state, String newName) {
    return new Active(
        state.workspaceId(), newName, state.members(), state.invites(), state.channels(), state.pending(), state.inviteTerms());
  }

  /** The oldest invites beyond {@code capacity} are dropped, with their terms. */
  private static Active withInvite(Active state, String secret, int capacity) {
    PVector<String> next = ((PVector<String>) state.invites()).plus(secret);
    PMap<String, InviteTerms> terms = (PMap<String, InviteTerms>) state.inviteTerms();
    while (next.size() > capacity) {
      terms = terms.minus(next.get(0));
      next = next.minus(0);
    }
    return new Active(state.workspaceId(), state.name(), state.members(), next, state.channels(), state.pending(), terms);
  }

  static Active withTerms(Active state, String secret, InviteTerms terms) {
    return new Active(
        state.workspaceId(),
        state.name(),
        state.members(),
        state.invites(),
        state.channels(),
        state.pending(),
        ((PMap<String, InviteTerms>) state.inviteTerms()).plus(secret, terms));
  }

  static Active withRenamedChannel(Active state, ChannelEntry entry, String newName) {
    PMap<String, ChannelEntry> renamed =
        ((PMap<String, ChannelEntry>) state.channels())
            .minus(entry.name())
            .plus(newName, new ChannelEntry(entry.channelId(), newName, entry.kind(), entry.createdBy()));
    return new Active(
        state.workspaceId(), state.name(), state.members(), state.invites(), renamed, state.pending(), state.inviteTerms());
  }

  private static Active withoutChannel(Active state, String channelId) {
    ChannelEntry entry =
        state.channels().values().stream().filter(e -> e.channelId().equals(channelId)).findFirst().orElse(null);
    if (entry == null) {
      return state;
    }
    return withCompleted(
        new Active(
            state.workspaceId(),
            state.name(),
            state.members(),
            state.invites(),
            ((PMap<String, ChannelEntry>) state.channels()).minus(entry.name()),
            state.pending(),
            state.inviteTerms()),
        channelId);
  }

  private static Active withChannel(Active state, ChannelEntry entry) {
    return new Active(
        state.workspaceId(),
        state.name(),
        state.members(),
        state.invites(),
        ((PMap<String, ChannelEntry>) state.channels()).plus(entry.name(), entry),
        state.pending(),
        state.inviteTerms());
  }

  private static Active withReserved(Active state, PendingChannel reserved) {
    return withPending(
        withChannel(state, reserved.entry()),
        ((PMap<String, PendingChannel>) state.pending()).plus(reserved.entry().channelId(), reserved));
  }

  private static Active withCompleted(Active state, String channelId) {
    return withPending(state, ((PMap<String, PendingChannel>) state.pending()).minus(channelId));
  }

  private static Active withReleased(Active state, String channelId) {
    PendingChannel released = state.pending().get(channelId);
    if (released == null) {
      return state;
    }
    return withCompleted(
        new Active(
            state.workspaceId(),
            state.name(),
            state.members(),
            state.invites(),
            ((PMap<String, ChannelEntry>) state.channels()).minus(released.entry().name()),
            state.pending(),
            state.inviteTerms()),
        channelId);
  }

  private static Active withPending(Active state, Map<String, PendingChannel> next) {
    return new Active(
        state.workspaceId(), state.name(), state.members(), state.invites(), state.channels(), next, state.inviteTerms());
  }
}
