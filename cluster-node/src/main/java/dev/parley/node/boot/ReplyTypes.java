package dev.parley.node.boot;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.parley.node.Acknowledged;
import dev.parley.node.account.Account;
import dev.parley.node.audit.AuditLog;
import dev.parley.node.channel.Channel;
import dev.parley.node.files.Attachment;
import dev.parley.node.files.FileInfo;
import dev.parley.node.files.FileQuota;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.InviteTerms;
import dev.parley.node.workspace.Workspace;
import java.util.List;

/**
 * The names under which an entity's reply value crosses the cluster inside an {@code Outcome}: a
 * Jackson module, listed in {@code serialization.conf}, so the kernel's {@code Outcome} names no
 * entity. A name, once used, never changes: nodes of two versions read each other's replies by it.
 */
public final class ReplyTypes extends SimpleModule {
  public static final List<NamedType> NAMES =
      List.of(
          new NamedType(Acknowledged.class, "acknowledged"),
          new NamedType(Account.Credentials.class, "account-credentials"),
          new NamedType(Account.Revoked.class, "account-revoked"),
          new NamedType(AuditLog.Page.class, "audit-page"),
          new NamedType(Channel.Summary.class, "channel-summary"),
          new NamedType(Channel.Joined.class, "channel-joined"),
          new NamedType(Channel.Left.class, "channel-left"),
          new NamedType(Channel.Posted.class, "channel-posted"),
          new NamedType(Channel.Written.class, "channel-written"),
          new NamedType(Channel.ReadUpTo.class, "channel-read-up-to"),
          new NamedType(Channel.EventsPage.class, "channel-events-page"),
          new NamedType(UserSession.State.class, "session-state"),
          new NamedType(UserSession.Presence.class, "session-presence"),
          new NamedType(Workspace.Summary.class, "workspace-summary"),
          new NamedType(Workspace.Invite.class, "workspace-invite"),
          new NamedType(Workspace.Members.class, "workspace-members"),
          new NamedType(Workspace.ChannelEntry.class, "workspace-channel-entry"),
          new NamedType(Workspace.Directory.class, "workspace-directory"),
          new NamedType(FileInfo.class, "file-info"),
          new NamedType(Attachment.Stored.class, "attachment-stored"),
          new NamedType(FileQuota.Usage.class, "file-quota-usage"),
          new NamedType(Workspace.Member.class, "workspace-member"),
          new NamedType(Workspace.MembersOf.class, "workspace-members-of"),
          new NamedType(Workspace.InviteList.class, "workspace-invite-list"),
          new NamedType(InviteTerms.class, "workspace-invite-terms"),
          new NamedType(Channel.Closed.class, "channel-closed"));

  public ReplyTypes() {
    super("parley-reply-types");
    registerSubtypes(NAMES.toArray(NamedType[]::new));
  }
}
