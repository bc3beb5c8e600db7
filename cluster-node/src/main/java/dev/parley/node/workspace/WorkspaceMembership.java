package dev.parley.node.workspace;

import static dev.parley.node.workspace.WorkspaceEntity.notFound;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.workspace.Workspace.Active;
import dev.parley.node.workspace.Workspace.CheckInvite;
import dev.parley.node.workspace.Workspace.Create;
import dev.parley.node.workspace.Workspace.CreateInvite;
import dev.parley.node.workspace.Workspace.Created;
import dev.parley.node.workspace.Workspace.Empty;
import dev.parley.node.workspace.Workspace.Event;
import dev.parley.node.workspace.Workspace.GetMembers;
import dev.parley.node.workspace.Workspace.GetMembership;
import dev.parley.node.workspace.Workspace.InviteUsed;
import dev.parley.node.workspace.Workspace.IssueInvite;
import dev.parley.node.workspace.Workspace.Join;
import dev.parley.node.workspace.Workspace.Member;
import dev.parley.node.workspace.Workspace.MemberJoined;
import dev.parley.node.workspace.Workspace.Members;
import dev.parley.node.workspace.Workspace.RoleChanged;
import dev.parley.node.workspace.Workspace.SetRole;
import dev.parley.node.workspace.Workspace.State;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Workspace}'s commands about who is in it: creating it with its owner, joining through
 * an invite, the members and their roles.
 */
final class WorkspaceMembership {
  private final EffectFactories<Event, State> effect;
  private final String workspaceId;
  private final Clock clock;
  private final WorkspaceAdministration administration;

  WorkspaceMembership(
      EffectFactories<Event, State> effect, String workspaceId, Clock clock, WorkspaceAdministration administration) {
    this.effect = effect;
    this.workspaceId = workspaceId;
    this.clock = clock;
    this.administration = administration;
  }

  ReplyEffect<Event, State> create(Empty state, Create c) {
    Created created = new Created(workspaceId, c.name(), c.ownerId(), c.ownerUsername(), clock.millis());
    return effect
        .persist(created)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.ownerId())));
  }

  ReplyEffect<Event, State> createAgain(Active state, Create c) {
    if (state.roleOf(c.ownerId()) != Role.OWNER || !state.name().equals(c.name())) {
      return effect.reply(c.replyTo(), Outcome.conflict("workspace id already in use"));
    }
    return effect.reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.ownerId())));
  }

  /** Sent by versions before invites had terms: an invite without them. */
  ReplyEffect<Event, State> createInvite(Active state, CreateInvite c) {
    return administration.issueInvite(state, new IssueInvite(c.userId(), null, null, c.replyTo()));
  }

  ReplyEffect<Event, State> checkInvite(Active state, CheckInvite c) {
    String refusal = state.inviteRefusal(c.secret(), clock.millis());
    return effect
        .reply(c.replyTo(), refusal == null ? Outcome.accepted(Acknowledged.INSTANCE) : Outcome.notFound(refusal));
  }

  /** A join through an invite with terms counts as one of its uses, in the same write. */
  ReplyEffect<Event, State> join(Active state, Join c) {
    if (state.roleOf(c.userId()) != null) {
      return effect.reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
    }
    long now = clock.millis();
    String refusal = state.inviteRefusal(c.secret(), now);
    if (refusal != null) {
      return effect.reply(c.replyTo(), Outcome.notFound(refusal));
    }
    List<Event> events = new ArrayList<>();
    events.add(new MemberJoined(c.userId(), c.username(), Role.MEMBER, now));
    if (state.inviteTerms().containsKey(c.secret())) {
      events.add(new InviteUsed(c.secret(), c.userId(), now));
    }
    return effect
        .persist(events)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.userId())));
  }

  ReplyEffect<Event, State> getMembers(Active state, GetMembers c) {
    if (state.roleOf(c.userId()) == null) {
      return effect.reply(c.replyTo(), notFound());
    }
    List<Member> members =
        state.members().values().stream().sorted(Comparator.comparing(Member::username)).toList();
    return effect.reply(c.replyTo(), Outcome.accepted(new Members(members)));
  }

  ReplyEffect<Event, State> getMembership(Active state, GetMembership c) {
    if (state.roleOf(c.userId()) == null) {
      return effect.reply(c.replyTo(), notFound());
    }
    return effect.reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
  }

  ReplyEffect<Event, State> setRole(Active state, SetRole c) {
    Role callerRole = state.roleOf(c.userId());
    if (callerRole == null) {
      return effect.reply(c.replyTo(), notFound());
    }
    if (callerRole != Role.OWNER) {
      return effect.reply(c.replyTo(), Outcome.forbidden("only the owner changes roles"));
    }
    Role current = state.roleOf(c.memberId());
    if (current == null) {
      return effect.reply(c.replyTo(), Outcome.notFound("no such member"));
    }
    if (current == Role.OWNER) {
      return effect.reply(c.replyTo(), Outcome.forbidden("the owner's role does not change"));
    }
    if (current == c.role()) {
      return effect.reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.memberId())));
    }
    return effect
        .persist(new RoleChanged(c.memberId(), c.role(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.memberId())));
  }
}
