package dev.parley.node.workspace;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.workspace.Workspace.Active;
import dev.parley.node.workspace.Workspace.Event;
import dev.parley.node.workspace.Workspace.Member;
import dev.parley.node.workspace.Workspace.MembersOf;
import dev.parley.node.workspace.Workspace.State;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Workspace}'s commands of its owner and admins: invites with terms, listed and
 * revoked; removing a member; transferring the ownership; renaming; dropping a deleted channel
 * from the directory. Each is idempotent, so that the edge's retry of a multi-step action
 * completes it.
 */
final class WorkspaceAdministration {
  private final EffectFactories<Event, State> effect;
  private final String workspaceId;
  private final Supplier<String> inviteSecrets;
  private final Clock clock;

  WorkspaceAdministration(
      EffectFactories<Event, State> effect,
      String workspaceId,
      Supplier<String> inviteSecrets,
      Clock clock) {
    this.effect = effect;
    this.workspaceId = workspaceId;
    this.inviteSecrets = inviteSecrets;
    this.clock = clock;
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such workspace");
  }

  /** Null when {@code userId} is an owner or admin; the refusal otherwise (not_found for non-members). */
  private static <T> Outcome<T> refuseUnlessManager(Active state, String userId, String what) {
    Role role = state.roleOf(userId);
    if (role == null) {
      return notFound();
    }
    return role.canModerate() ? null : Outcome.forbidden("only owners and admins " + what);
  }

  ReplyEffect<Event, State> issueInvite(Active state, Workspace.IssueInvite c) {
    Outcome<Workspace.Invite> refusal = refuseUnlessManager(state, c.userId(), "invite");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    String secret = inviteSecrets.get();
    long now = clock.millis();
    Long expiresAt = c.expiresInMillis() == null ? null : now + c.expiresInMillis();
    return effect
        .persist(new Workspace.InviteIssued(secret, c.userId(), now, expiresAt, c.maxUses()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Workspace.Invite(Workspace.inviteCode(workspaceId, secret))));
  }

  /** Oldest first; invites that are revoked, expired or used up are not listed. */
  ReplyEffect<Event, State> listInvites(Active state, Workspace.ListInvites c) {
    Outcome<Workspace.InviteList> refusal = refuseUnlessManager(state, c.userId(), "list invites");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    long now = clock.millis();
    List<Workspace.ListedInvite> live = new ArrayList<>();
    for (String secret : state.invites()) {
      if (state.inviteRefusal(secret, now) == null) {
        live.add(new Workspace.ListedInvite(Workspace.inviteCode(workspaceId, secret), state.inviteTerms().get(secret)));
      }
    }
    return effect.reply(c.replyTo(), Outcome.accepted(new Workspace.InviteList(live)));
  }

  /** Answered with the invite's terms as they were (for the audit log); a repeated revoke too. */
  ReplyEffect<Event, State> revokeInvite(Active state, Workspace.RevokeInvite c) {
    Outcome<InviteTerms> refusal = refuseUnlessManager(state, c.userId(), "revoke invites");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    if (!state.invites().contains(c.secret())) {
      return effect.reply(c.replyTo(), Outcome.notFound("no such invite"));
    }
    InviteTerms terms = termsOf(state, c.secret());
    if (terms.revoked()) {
      return effect.reply(c.replyTo(), Outcome.accepted(terms));
    }
    return effect
        .persist(new Workspace.InviteRevoked(c.secret(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(terms));
  }

  /** An invite made before terms existed has none: it is treated as unlimited, by nobody known. */
  private static InviteTerms termsOf(Active state, String secret) {
    InviteTerms terms = state.inviteTerms().get(secret);
    return terms != null ? terms : new InviteTerms(null, 0, null, null, 0, false);
  }

  /**
   * Owners and admins remove members; nobody removes the owner (who hands the workspace on
   * first) or themselves, and only the owner removes an admin.
   */
  private static Outcome<Member> removalRefusal(Active state, String userId, String memberId) {
    Outcome<Member> refusal = refuseUnlessManager(state, userId, "remove members");
    if (refusal != null) {
      return refusal;
    }
    Member member = state.members().get(memberId);
    if (member == null) {
      return Outcome.notFound("no such member");
    }
    if (memberId.equals(userId)) {
      return Outcome.forbidden("you cannot remove yourself");
    }
    if (member.role() == Role.OWNER) {
      return Outcome.forbidden("the owner cannot be removed; transfer the ownership first");
    }
    if (member.role() == Role.ADMIN && state.roleOf(userId) != Role.OWNER) {
      return Outcome.forbidden("only the owner removes an admin");
    }
    return null;
  }

  ReplyEffect<Event, State> checkRemoval(Active state, Workspace.CheckRemoval c) {
    Outcome<Member> refusal = removalRefusal(state, c.userId(), c.memberId());
    return effect.reply(c.replyTo(), refusal != null ? refusal : Outcome.accepted(state.members().get(c.memberId())));
  }

  ReplyEffect<Event, State> removeMember(Active state, Workspace.RemoveMember c) {
    Outcome<Member> refusal = removalRefusal(state, c.userId(), c.memberId());
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    Member member = state.members().get(c.memberId());
    return effect
        .persist(new Workspace.MemberRemoved(c.memberId(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(member));
  }

  ReplyEffect<Event, State> transferOwnership(Active state, Workspace.TransferOwnership c) {
    Role role = state.roleOf(c.userId());
    if (role == null) {
      return effect.reply(c.replyTo(), notFound());
    }
    if (role != Role.OWNER) {
      return effect.reply(c.replyTo(), Outcome.forbidden("only the owner transfers the workspace"));
    }
    if (state.roleOf(c.memberId()) == null) {
      return effect.reply(c.replyTo(), Outcome.notFound("no such member"));
    }
    if (c.memberId().equals(c.userId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(membersOf(state, List.of(c.userId()))));
    }
    return effect
        .persist(new Workspace.OwnershipTransferred(c.userId(), c.memberId(), clock.millis()))
        .thenReply(
            c.replyTo(), next -> Outcome.accepted(membersOf((Active) next, List.of(c.userId(), c.memberId()))));
  }

  ReplyEffect<Event, State> rename(Active state, Workspace.Rename c) {
    Outcome<MembersOf> refusal = refuseUnlessManager(state, c.userId(), "rename the workspace");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    if (state.name().equals(c.name())) {
      return effect.reply(c.replyTo(), Outcome.accepted(membersOf(state, state.members().keySet())));
    }
    return effect
        .persist(new Workspace.Renamed(c.name(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(membersOf((Active) next, ((Active) next).members().keySet())));
  }

  ReplyEffect<Event, State> dropChannel(Active state, Workspace.DropChannel c) {
    Outcome<Acknowledged> refusal = refuseUnlessManager(state, c.userId(), "delete channels");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    if (entryOf(state, c.channelId()) == null) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new Workspace.ChannelDropped(c.channelId(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> renameChannel(Active state, Workspace.RenameChannel c) {
    Outcome<Acknowledged> refusal = refuseUnlessManager(state, c.userId(), "rename channels");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    Workspace.ChannelEntry entry = entryOf(state, c.channelId());
    if (entry == null || state.pending().containsKey(c.channelId())) {
      return effect.reply(c.replyTo(), Outcome.notFound("no such channel"));
    }
    if (entry.name().equals(c.name())) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    if (state.channels().containsKey(c.name())) {
      return effect.reply(c.replyTo(), Outcome.conflict("a channel named '" + c.name() + "' exists"));
    }
    return effect
        .persist(new Workspace.ChannelRenamed(c.channelId(), c.name(), c.userId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  private static Workspace.ChannelEntry entryOf(Active state, String channelId) {
    return state.channels().values().stream().filter(e -> e.channelId().equals(channelId)).findFirst().orElse(null);
  }

  private static MembersOf membersOf(Active state, Collection<String> userIds) {
    List<Member> members =
        userIds.stream().map(state.members()::get).sorted(Comparator.comparing(Member::username)).toList();
    return new MembersOf(state.workspaceId(), state.name(), members);
  }

  // Event handlers

  static Active withTermsChanged(Active state, String secret, UnaryOperator<InviteTerms> change) {
    InviteTerms terms = state.inviteTerms().get(secret);
    return terms == null ? state : WorkspaceEventHandler.withTerms(state, secret, change.apply(terms));
  }

  /** A revoked invite keeps its place among the newest, so that its refusal says it was revoked. */
  static Active revoked(Active state, Workspace.InviteRevoked e) {
    return state.invites().contains(e.secret())
        ? WorkspaceEventHandler.withTerms(state, e.secret(), termsOf(state, e.secret()).revokedNow())
        : state;
  }

  static Active channelRenamed(Active state, Workspace.ChannelRenamed e) {
    Workspace.ChannelEntry entry = entryOf(state, e.channelId());
    if (entry == null) {
      return state;
    }
    return WorkspaceEventHandler.withRenamedChannel(state, entry, e.name());
  }

  static Active transferred(Active state, Workspace.OwnershipTransferred e) {
    Member from = state.members().get(e.from());
    Member to = state.members().get(e.to());
    return WorkspaceEventHandler.withMember(
        WorkspaceEventHandler.withMember(state, new Member(from.userId(), from.username(), Role.ADMIN)),
        new Member(to.userId(), to.username(), Role.OWNER));
  }
}
