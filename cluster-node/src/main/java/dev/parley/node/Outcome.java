package dev.parley.node;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.account.Account;
import dev.parley.node.audit.AuditLog;
import dev.parley.node.channel.Channel;
import dev.parley.node.files.Attachment;
import dev.parley.node.files.FileInfo;
import dev.parley.node.files.FileQuota;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.InviteTerms;
import dev.parley.node.workspace.Workspace;

/**
 * The answer of an entity to a command: accepted with a value, or rejected for a reason the edge
 * maps to a wire error. Entities reply only after their events are persisted. Replies cross the
 * cluster but are never journaled.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Outcome.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = Outcome.Rejected.class, name = "rejected")
})
public sealed interface Outcome<T> extends CborSerializable {

  /**
   * The value's type travels as one of these names, never as a class name: a class chosen by the
   * sender is how a deserialization gadget would be reached. A reply type missing here fails
   * {@code NamedTypesTest}.
   */
  record Accepted<T>(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
          @JsonSubTypes({
            @JsonSubTypes.Type(value = Acknowledged.class, name = "acknowledged"),
            @JsonSubTypes.Type(value = Account.Credentials.class, name = "account-credentials"),
            @JsonSubTypes.Type(value = Account.Revoked.class, name = "account-revoked"),
            @JsonSubTypes.Type(value = AuditLog.Page.class, name = "audit-page"),
            @JsonSubTypes.Type(value = Channel.Summary.class, name = "channel-summary"),
            @JsonSubTypes.Type(value = Channel.Joined.class, name = "channel-joined"),
            @JsonSubTypes.Type(value = Channel.Left.class, name = "channel-left"),
            @JsonSubTypes.Type(value = Channel.Posted.class, name = "channel-posted"),
            @JsonSubTypes.Type(value = Channel.Written.class, name = "channel-written"),
            @JsonSubTypes.Type(value = Channel.ReadUpTo.class, name = "channel-read-up-to"),
            @JsonSubTypes.Type(value = Channel.EventsPage.class, name = "channel-events-page"),
            @JsonSubTypes.Type(value = UserSession.State.class, name = "session-state"),
            @JsonSubTypes.Type(value = UserSession.Presence.class, name = "session-presence"),
            @JsonSubTypes.Type(value = Workspace.Summary.class, name = "workspace-summary"),
            @JsonSubTypes.Type(value = Workspace.Invite.class, name = "workspace-invite"),
            @JsonSubTypes.Type(value = Workspace.Members.class, name = "workspace-members"),
            @JsonSubTypes.Type(value = Workspace.ChannelEntry.class, name = "workspace-channel-entry"),
            @JsonSubTypes.Type(value = Workspace.Directory.class, name = "workspace-directory"),
            @JsonSubTypes.Type(value = FileInfo.class, name = "file-info"),
            @JsonSubTypes.Type(value = Attachment.Stored.class, name = "attachment-stored"),
            @JsonSubTypes.Type(value = FileQuota.Usage.class, name = "file-quota-usage"),
            @JsonSubTypes.Type(value = Workspace.Member.class, name = "workspace-member"),
            @JsonSubTypes.Type(value = Workspace.MembersOf.class, name = "workspace-members-of"),
            @JsonSubTypes.Type(value = Workspace.InviteList.class, name = "workspace-invite-list"),
            @JsonSubTypes.Type(value = InviteTerms.class, name = "workspace-invite-terms"),
            @JsonSubTypes.Type(value = Channel.Closed.class, name = "channel-closed")
          })
          T value)
      implements Outcome<T> {}

  /**
   * {@code absent}: the entity was never created, so nothing by its id exists. Only the edge reads
   * it, to remember such ids ({@code AbsentIds}); the client sees the reason and message alone,
   * the same as for what it may not see. Older nodes send no such field, which reads as false.
   */
  record Rejected<T>(Reason reason, String message, boolean absent) implements Outcome<T> {
    public Rejected(Reason reason, String message) {
      this(reason, message, false);
    }
  }

  /** Why an entity refused a command. */
  enum Reason {
    BAD_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    /** Over a limit of the caller's own (e.g. connections per user): not a bad request, and not for long. */
    TOO_MANY,
    /** The journal or another part is out of reach: retry later; nothing was written. */
    UNAVAILABLE
  }

  static <T> Outcome<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> Outcome<T> rejected(Reason reason, String message) {
    return new Rejected<>(reason, message);
  }

  static <T> Outcome<T> notFound(String message) {
    return new Rejected<>(Reason.NOT_FOUND, message);
  }

  /** {@code not_found} from an entity that was never created. */
  static <T> Outcome<T> absent(String message) {
    return new Rejected<>(Reason.NOT_FOUND, message, true);
  }

  static <T> Outcome<T> forbidden(String message) {
    return new Rejected<>(Reason.FORBIDDEN, message);
  }

  static <T> Outcome<T> conflict(String message) {
    return new Rejected<>(Reason.CONFLICT, message);
  }
}
