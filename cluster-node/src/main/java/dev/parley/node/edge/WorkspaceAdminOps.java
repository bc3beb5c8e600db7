package dev.parley.node.edge;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.erasure.RetentionPolicies;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.InviteTerms;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ChannelRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import dev.parley.protocol.WorkspaceRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * What workspace owners and admins do to their workspace: invites with terms, listed and
 * revoked; removing a member; transferring the ownership; renaming; the retention ({@link
 * RetentionOps}); archiving, unarchiving and deleting channels. The authority (Workspace or Channel) decides, the users' sessions follow,
 * and the action is in the audit log before it is answered. A step refused or lost half way is
 * completed by the client's retry: each step is idempotent, and the step that makes the action
 * visible to a retry as done comes last where it can.
 */
final class WorkspaceAdminOps {
  private final Entities entities;
  private final OwnerAudit audit;
  private final RetentionOps retention;

  WorkspaceAdminOps(Entities entities, OwnerAudit audit, RetentionPolicies retentionPolicies) {
    this.entities = entities;
    this.audit = audit;
    this.retention = new RetentionOps(entities, audit, retentionPolicies, Clock.systemUTC());
  }

  boolean serves(Request request) {
    return request instanceof WorkspaceRequest.WorkspaceInvite
        || request instanceof WorkspaceRequest.WorkspaceInvites
        || request instanceof WorkspaceRequest.WorkspaceInviteRevoke
        || request instanceof WorkspaceRequest.WorkspaceMemberAction
        || request instanceof WorkspaceRequest.WorkspaceRename
        || request instanceof WorkspaceRequest.WorkspaceRetention
        || request instanceof ChannelRequest.ChannelAction
        || request instanceof ChannelRequest.ChannelRename;
  }

  CompletionStage<?> handle(String userId, Request request) {
    if (request instanceof WorkspaceRequest.WorkspaceInvite r) {
      return invite(userId, r);
    } else if (request instanceof WorkspaceRequest.WorkspaceInvites r) {
      return entities
          .<Workspace.InviteList>askWorkspace(r.workspaceId(), replyTo -> new Workspace.ListInvites(userId, replyTo))
          .thenApply(list -> new Reply.Invites(list.invites().stream().map(WorkspaceAdminOps::view).toList()));
    } else if (request instanceof WorkspaceRequest.WorkspaceInviteRevoke r) {
      return revoke(userId, r);
    } else if (request instanceof WorkspaceRequest.WorkspaceMemberAction r && r.op().equals("workspace.remove")) {
      return remove(userId, r);
    } else if (request instanceof WorkspaceRequest.WorkspaceMemberAction r) {
      return entities
          .<Workspace.MembersOf>askWorkspace(
              r.workspaceId(), replyTo -> new Workspace.TransferOwnership(userId, r.userId(), replyTo))
          .thenCompose(this::recordRoles)
          .thenCompose(changed -> audit.record(userId, r.op(), r.userId(), "workspace " + r.workspaceId()))
          .thenApply(done -> new Reply.Empty());
    } else if (request instanceof WorkspaceRequest.WorkspaceRename r) {
      return rename(userId, r);
    } else if (request instanceof WorkspaceRequest.WorkspaceRetention r) {
      return retention.set(userId, r);
    } else if (request instanceof ChannelRequest.ChannelRename r) {
      return renameChannel(userId, r);
    }
    ChannelRequest.ChannelAction r = (ChannelRequest.ChannelAction) request;
    return r.op().equals("channel.delete") ? deleteChannel(userId, r) : archive(userId, r, r.op().equals("channel.archive"));
  }

  private CompletionStage<Reply.Invite> invite(String userId, WorkspaceRequest.WorkspaceInvite r) {
    Long expiresIn = r.expiresIn() == null ? null : TimeUnit.SECONDS.toMillis(r.expiresIn());
    List<String> terms = new ArrayList<>();
    if (r.expiresIn() != null) {
      terms.add("expires in " + r.expiresIn() + " s");
    }
    if (r.maxUses() != null) {
      terms.add("at most " + r.maxUses() + " uses");
    }
    return entities
        .<Workspace.Invite>askWorkspace(
            r.workspaceId(), replyTo -> new Workspace.IssueInvite(userId, expiresIn, r.maxUses(), replyTo))
        .thenCompose(
            invite ->
                audit
                    .record(userId, r.op(), r.workspaceId(), terms.isEmpty() ? null : String.join(", ", terms))
                    .thenApply(done -> new Reply.Invite(invite.code())));
  }

  private static Views.Invite view(Workspace.ListedInvite invite) {
    InviteTerms terms = invite.terms();
    if (terms == null) {
      return new Views.Invite(invite.code(), null, null, null, null, 0);
    }
    return new Views.Invite(invite.code(), terms.createdBy(), terms.createdAt(), terms.expiresAt(), terms.maxUses(), terms.uses());
  }

  /** The audit entry names the invite by when it was made: its code lets whoever reads the log join. */
  private CompletionStage<Reply.Empty> revoke(String userId, WorkspaceRequest.WorkspaceInviteRevoke r) {
    String[] parts = Workspace.splitInviteCode(r.code());
    if (parts == null || !parts[0].equals(r.workspaceId())) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, "no such invite");
    }
    return entities
        .<InviteTerms>askWorkspace(r.workspaceId(), replyTo -> new Workspace.RevokeInvite(userId, parts[1], replyTo))
        .thenCompose(
            terms -> {
              String made = terms.createdAt() > 0 ? "the invite made " + Instant.ofEpochMilli(terms.createdAt()) : "an invite";
              String by = terms.createdBy() != null ? " by " + terms.createdBy() : "";
              return audit.record(userId, r.op(), r.workspaceId(), made + by);
            })
        .thenApply(done -> new Reply.Empty());
  }

  /**
   * Checks, takes the member out of every channel of the workspace (its directory's, and the DMs
   * the member's session lists), forgets the workspace in the member's session (whose connections
   * stop following those channels), then removes the member from the workspace; until this last
   * step a retry does all of it again. Channels joined while this ran are left after it.
   */
  private CompletionStage<Reply.Empty> remove(String userId, WorkspaceRequest.WorkspaceMemberAction r) {
    String workspaceId = r.workspaceId();
    String memberId = r.userId();
    return entities
        .<Workspace.Member>askWorkspace(workspaceId, replyTo -> new Workspace.CheckRemoval(userId, memberId, replyTo))
        .thenCompose(member -> removeFromChannels(userId, workspaceId, memberId))
        .thenCompose(done -> entities.<Acknowledged>askSession(memberId, replyTo -> new UserSession.ForgetWorkspace(workspaceId, replyTo)))
        .thenCompose(done -> entities.<Workspace.Member>askWorkspace(workspaceId, replyTo -> new Workspace.RemoveMember(userId, memberId, replyTo)))
        .thenCompose(member -> removeFromChannels(userId, workspaceId, memberId))
        .thenCompose(done -> audit.record(userId, r.op(), memberId, "workspace " + workspaceId))
        .thenApply(done -> new Reply.Empty());
  }

  private CompletionStage<Void> removeFromChannels(String userId, String workspaceId, String memberId) {
    CompletionStage<Workspace.Directory> directory =
        entities.askWorkspace(workspaceId, replyTo -> new Workspace.ListChannels(userId, replyTo));
    CompletionStage<UserSession.State> session = entities.askSession(memberId, UserSession.GetState::new);
    return directory
        .thenCombine(
            session,
            (dir, state) -> {
              Set<String> channelIds = new LinkedHashSet<>();
              dir.channels().forEach(entry -> channelIds.add(entry.channelId()));
              state.channels().values().stream()
                  .filter(channel -> channel.workspaceId().equals(workspaceId))
                  .forEach(channel -> channelIds.add(channel.channelId()));
              return channelIds;
            })
        .thenCompose(
            channelIds -> {
              List<CompletableFuture<Outcome<Channel.Left>>> removals = new ArrayList<>();
              for (String channelId : channelIds) {
                removals.add(
                    entities
                        .<Channel.Left>channelOutcome(channelId, replyTo -> new Channel.Remove(memberId, replyTo))
                        .toCompletableFuture());
              }
              return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
            });
  }

  /** Every member's session shows the workspace's name and their role as the workspace now has them. */
  private CompletionStage<Workspace.MembersOf> recordRoles(Workspace.MembersOf changed) {
    List<CompletableFuture<Acknowledged>> records = new ArrayList<>();
    for (Workspace.Member member : changed.members()) {
      records.add(
          entities
              .<Acknowledged>askSession(
                  member.userId(),
                  replyTo -> new UserSession.RecordWorkspace(changed.workspaceId(), changed.name(), member.role(), replyTo))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(records.toArray(CompletableFuture[]::new)).thenApply(done -> changed);
  }

  private CompletionStage<Reply.WorkspaceCreated> rename(String userId, WorkspaceRequest.WorkspaceRename r) {
    return entities
        .<Workspace.MembersOf>askWorkspace(r.workspaceId(), replyTo -> new Workspace.Rename(userId, r.name(), replyTo))
        .thenCompose(this::recordRoles)
        .thenCompose(
            renamed ->
                audit
                    .record(userId, r.op(), r.workspaceId(), "name " + r.name())
                    .thenApply(
                        done -> {
                          Workspace.Member caller =
                              renamed.members().stream().filter(m -> m.userId().equals(userId)).findFirst().orElseThrow();
                          return new Reply.WorkspaceCreated(
                              new Views.Workspace(renamed.workspaceId(), renamed.name(), caller.role().wire()));
                        }));
  }

  private CompletionStage<Reply.Seq> archive(String userId, ChannelRequest.ChannelAction r, boolean archived) {
    return entities.managedChannel(userId, r.channelId(), archived ? "archive channels" : "unarchive channels")
        .thenCompose(
            summary ->
                entities
                    .<Channel.Written>askChannel(r.channelId(), replyTo -> new Channel.SetArchived(userId, archived, replyTo))
                    .thenCompose(
                        written ->
                            audit
                                .record(userId, r.op(), r.channelId(), "workspace " + summary.workspaceId())
                                .thenApply(done -> new Reply.Seq(written.seq()))));
  }

  /**
   * Takes the name in the workspace's directory (where names are unique), then renames the channel,
   * whose members get {@code channel.renamed}. A retry repeats both harmlessly.
   */
  private CompletionStage<Reply.Seq> renameChannel(String userId, ChannelRequest.ChannelRename r) {
    return entities.managedChannel(userId, r.channelId(), "rename channels")
        .thenCompose(
            summary -> {
              if (summary.kind() == ChannelKind.DM) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "a DM is named after its members");
              }
              return entities
                  .<Acknowledged>askWorkspace(
                      summary.workspaceId(), replyTo -> new Workspace.RenameChannel(userId, r.channelId(), r.name(), replyTo))
                  .thenCompose(done -> entities.<Channel.Written>askChannel(r.channelId(), replyTo -> new Channel.Rename(userId, r.name(), replyTo)))
                  .thenCompose(
                      written ->
                          audit
                              .record(userId, r.op(), r.channelId(), "workspace " + summary.workspaceId() + ", name " + summary.name() + " -> " + r.name())
                              .thenApply(done -> new Reply.Seq(written.seq())));
            });
  }

  /**
   * Frees the name in the workspace's directory, deletes the channel (its last event tells every
   * connection following it), then drops it from each member's session.
   */
  private CompletionStage<Reply.Seq> deleteChannel(String userId, ChannelRequest.ChannelAction r) {
    return entities.managedChannel(userId, r.channelId(), "delete channels")
        .thenCompose(
            summary -> {
              if (summary.kind() == ChannelKind.DM) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "a DM cannot be deleted");
              }
              return entities
                  .<Acknowledged>askWorkspace(
                      summary.workspaceId(), replyTo -> new Workspace.DropChannel(userId, r.channelId(), replyTo))
                  .thenCompose(done -> entities.<Channel.Closed>askChannel(r.channelId(), replyTo -> new Channel.Close(userId, replyTo)))
                  .thenCompose(closed -> forget(closed, r.channelId()))
                  .thenCompose(
                      closed ->
                          audit
                              .record(userId, r.op(), r.channelId(), "workspace " + summary.workspaceId() + ", name " + summary.name())
                              .thenApply(done -> new Reply.Seq(closed.seq())));
            });
  }

  private CompletionStage<Channel.Closed> forget(Channel.Closed closed, String channelId) {
    List<CompletableFuture<Acknowledged>> forgets = new ArrayList<>();
    for (String member : closed.members()) {
      forgets.add(
          entities
              .<Acknowledged>askSession(member, replyTo -> new UserSession.ForgetChannel(channelId, replyTo))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(forgets.toArray(CompletableFuture[]::new)).thenApply(done -> closed);
  }
}
