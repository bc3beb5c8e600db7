package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client-to-server operations of the WebSocket contract, one record per {@code op}. The
 * envelope fields ({@code op}, {@code ref}) live in {@link ClientFrame}. {@link #validate} checks
 * the fields against the limits and returns the normalized request.
 */
public sealed interface Request {

  /** The wire name of this operation. */
  String op();

  Request validate(Limits limits);

  record Auth(String token, Map<String, Long> resume) implements Request {
    public String op() {
      return "auth";
    }

    public Auth validate(Limits limits) {
      Limits.required("token", token);
      if (token.length() > 8 * 1024) {
        throw ProtocolException.badRequest("field 'token' is too long");
      }
      return new Auth(token, limits.resume(resume));
    }

    @Override
    public String toString() {
      return "Auth[token=<redacted>, resume=" + resume + "]";
    }
  }

  record Ping() implements Request {
    public String op() {
      return "ping";
    }

    public Ping validate(Limits limits) {
      return this;
    }
  }

  record WorkspaceCreate(String name) implements Request {
    public String op() {
      return "workspace.create";
    }

    public WorkspaceCreate validate(Limits limits) {
      return new WorkspaceCreate(limits.workspaceName(name));
    }
  }

  /**
   * {@code expiresIn}: seconds the invite works for (absent: until revoked); {@code maxUses}: how
   * many accounts may join with it (absent: any number).
   */
  record WorkspaceInvite(String workspaceId, Long expiresIn, Integer maxUses) implements Request {
    public static final long MAX_EXPIRES_IN_SECONDS = 366L * 24 * 60 * 60;
    public static final int MAX_USES = 100_000;

    public WorkspaceInvite(String workspaceId) {
      this(workspaceId, null, null);
    }

    public String op() {
      return "workspace.invite";
    }

    public WorkspaceInvite validate(Limits limits) {
      if (expiresIn != null && (expiresIn < 1 || expiresIn > MAX_EXPIRES_IN_SECONDS)) {
        throw ProtocolException.badRequest("field 'expiresIn' must be 1.." + MAX_EXPIRES_IN_SECONDS + " seconds");
      }
      if (maxUses != null && (maxUses < 1 || maxUses > MAX_USES)) {
        throw ProtocolException.badRequest("field 'maxUses' must be 1.." + MAX_USES);
      }
      return new WorkspaceInvite(limits.id("workspaceId", workspaceId), expiresIn, maxUses);
    }
  }

  /** The workspace's live invites ({@code workspace.invites}), for its owner and admins. */
  record WorkspaceInvites(String workspaceId) implements Request {
    public String op() {
      return "workspace.invites";
    }

    public WorkspaceInvites validate(Limits limits) {
      return new WorkspaceInvites(limits.id("workspaceId", workspaceId));
    }
  }

  /** Revokes one invite of the workspace, named by its code. */
  record WorkspaceInviteRevoke(String workspaceId, String code) implements Request {
    public String op() {
      return "workspace.invite.revoke";
    }

    public WorkspaceInviteRevoke validate(Limits limits) {
      return new WorkspaceInviteRevoke(limits.id("workspaceId", workspaceId), WorkspaceJoin.inviteCode(code, limits));
    }
  }

  /**
   * An owner's or admin's action on a member of the workspace: {@code workspace.remove} (out of
   * the workspace and every channel of it) or {@code workspace.transfer} (the member becomes the
   * owner).
   */
  record WorkspaceMemberAction(String op, String workspaceId, String userId) implements Request {
    public static final Set<String> OPS = Set.of("workspace.remove", "workspace.transfer");

    public WorkspaceMemberAction validate(Limits limits) {
      return new WorkspaceMemberAction(op, limits.id("workspaceId", workspaceId), limits.id("userId", userId));
    }
  }

  record WorkspaceRename(String workspaceId, String name) implements Request {
    public String op() {
      return "workspace.rename";
    }

    public WorkspaceRename validate(Limits limits) {
      return new WorkspaceRename(limits.id("workspaceId", workspaceId), limits.workspaceName(name));
    }
  }

  /**
   * A workspace owner or admin sets how long the workspace keeps messages: those older than
   * {@code days} are erased (as a deletion would); 0 keeps them forever.
   */
  record WorkspaceRetention(String workspaceId, Integer days) implements Request {
    /** About 100 years: longer is forever in all but name. */
    public static final int MAX_DAYS = 36_500;

    public String op() {
      return "workspace.retention";
    }

    public WorkspaceRetention validate(Limits limits) {
      if (days == null || days < 0 || days > MAX_DAYS) {
        throw ProtocolException.badRequest("field 'days' must be 0.." + MAX_DAYS + " (0: keep forever)");
      }
      return new WorkspaceRetention(limits.id("workspaceId", workspaceId), days);
    }
  }

  /** A workspace owner or admin renames a channel (not a DM); the name is unique in the workspace. */
  record ChannelRename(String channelId, String name) implements Request {
    public String op() {
      return "channel.rename";
    }

    public ChannelRename validate(Limits limits) {
      return new ChannelRename(limits.id("channelId", channelId), limits.channelName(name));
    }
  }

  /** A workspace owner's or admin's action on a channel: {@code channel.archive}, {@code channel.unarchive}, {@code channel.delete}. */
  record ChannelAction(String op, String channelId) implements Request {
    public static final Set<String> OPS = Set.of("channel.archive", "channel.unarchive", "channel.delete");

    public ChannelAction validate(Limits limits) {
      return new ChannelAction(op, limits.id("channelId", channelId));
    }
  }

  record WorkspaceJoin(String code) implements Request {
    public String op() {
      return "workspace.join";
    }

    public WorkspaceJoin validate(Limits limits) {
      return new WorkspaceJoin(inviteCode(code, limits));
    }

    static String inviteCode(String code, Limits limits) {
      Limits.required("code", code);
      if (code.isEmpty() || code.length() > 2 * limits.maxIdChars()) {
        throw ProtocolException.badRequest("field 'code' is not an invite code");
      }
      return code;
    }
  }

  record WorkspaceMembers(String workspaceId) implements Request {
    public String op() {
      return "workspace.members";
    }

    public WorkspaceMembers validate(Limits limits) {
      return new WorkspaceMembers(limits.id("workspaceId", workspaceId));
    }
  }

  record WorkspaceChannels(String workspaceId) implements Request {
    public String op() {
      return "workspace.channels";
    }

    public WorkspaceChannels validate(Limits limits) {
      return new WorkspaceChannels(limits.id("workspaceId", workspaceId));
    }
  }

  record ChannelCreate(
      String workspaceId, String name, @JsonProperty("private") Boolean isPrivate, String topic)
      implements Request {
    public String op() {
      return "channel.create";
    }

    public ChannelCreate validate(Limits limits) {
      return new ChannelCreate(
          limits.id("workspaceId", workspaceId),
          limits.channelName(name),
          Boolean.TRUE.equals(isPrivate),
          limits.topic(topic));
    }
  }

  record ChannelJoin(String channelId) implements Request {
    public String op() {
      return "channel.join";
    }

    public ChannelJoin validate(Limits limits) {
      return new ChannelJoin(limits.id("channelId", channelId));
    }
  }

  record ChannelLeave(String channelId) implements Request {
    public String op() {
      return "channel.leave";
    }

    public ChannelLeave validate(Limits limits) {
      return new ChannelLeave(limits.id("channelId", channelId));
    }
  }

  /**
   * {@code files}: ids of files uploaded to the channel by the poster and in no other message
   * ({@code POST /v1/files}), null when absent; with files, {@code text} may be absent or empty.
   */
  record MessagePost(String channelId, String clientMsgId, String text, Long threadSeq, List<String> files)
      implements Request {
    public MessagePost(String channelId, String clientMsgId, String text, Long threadSeq) {
      this(channelId, clientMsgId, text, threadSeq, null);
    }

    public String op() {
      return "message.post";
    }

    public MessagePost validate(Limits limits) {
      Limits.optionalSeq("threadSeq", threadSeq);
      if (threadSeq != null && threadSeq < 1) {
        throw ProtocolException.badRequest("field 'threadSeq' must be a message seq (>= 1)");
      }
      List<String> fileIds = limits.postFiles(files);
      return new MessagePost(
          limits.id("channelId", channelId),
          limits.id("clientMsgId", clientMsgId),
          fileIds.isEmpty() || (text != null && !text.isBlank()) ? limits.messageText(text) : "",
          threadSeq,
          files == null ? null : fileIds);
    }
  }

  record History(String channelId, Long before, Long after, Integer limit) implements Request {
    public String op() {
      return "history";
    }

    public History validate(Limits limits) {
      if (before != null && after != null) {
        throw ProtocolException.badRequest("give 'before' or 'after', not both");
      }
      Limits.optionalSeq("before", before);
      Limits.optionalSeq("after", after);
      return new History(limits.id("channelId", channelId), before, after, limits.historyLimit(limit));
    }
  }

  record WorkspaceRole(String workspaceId, String userId, String role) implements Request {
    public static final Set<String> ROLES = Set.of("admin", "member");

    public String op() {
      return "workspace.role";
    }

    public WorkspaceRole validate(Limits limits) {
      Limits.required("role", role);
      if (!ROLES.contains(role)) {
        throw ProtocolException.badRequest("field 'role' must be 'admin' or 'member'");
      }
      return new WorkspaceRole(limits.id("workspaceId", workspaceId), limits.id("userId", userId), role);
    }
  }

  record ChannelAdd(String channelId, String userId) implements Request {
    public String op() {
      return "channel.add";
    }

    public ChannelAdd validate(Limits limits) {
      return new ChannelAdd(limits.id("channelId", channelId), limits.id("userId", userId));
    }
  }

  record ChannelTopic(String channelId, String topic) implements Request {
    public String op() {
      return "channel.topic";
    }

    public ChannelTopic validate(Limits limits) {
      Limits.required("topic", topic);
      return new ChannelTopic(limits.id("channelId", channelId), limits.topic(topic));
    }
  }

  record DmOpen(String workspaceId, List<String> userIds) implements Request {
    public String op() {
      return "dm.open";
    }

    public DmOpen validate(Limits limits) {
      return new DmOpen(limits.id("workspaceId", workspaceId), limits.dmUsers(userIds));
    }
  }

  record MessageEdit(String channelId, Long seq, String text) implements Request {
    public String op() {
      return "message.edit";
    }

    public MessageEdit validate(Limits limits) {
      return new MessageEdit(limits.id("channelId", channelId), Limits.seq("seq", seq), limits.messageText(text));
    }
  }

  record MessageDelete(String channelId, Long seq) implements Request {
    public String op() {
      return "message.delete";
    }

    public MessageDelete validate(Limits limits) {
      return new MessageDelete(limits.id("channelId", channelId), Limits.seq("seq", seq));
    }
  }

  record ReactionAdd(String channelId, Long seq, String emoji) implements Request {
    public String op() {
      return "reaction.add";
    }

    public ReactionAdd validate(Limits limits) {
      return new ReactionAdd(limits.id("channelId", channelId), Limits.seq("seq", seq), limits.emoji(emoji));
    }
  }

  record ReactionRemove(String channelId, Long seq, String emoji) implements Request {
    public String op() {
      return "reaction.remove";
    }

    public ReactionRemove validate(Limits limits) {
      return new ReactionRemove(limits.id("channelId", channelId), Limits.seq("seq", seq), limits.emoji(emoji));
    }
  }

  record Thread(String channelId, Long seq, Long after, Integer limit) implements Request {
    public String op() {
      return "thread";
    }

    public Thread validate(Limits limits) {
      Limits.optionalSeq("after", after);
      return new Thread(limits.id("channelId", channelId), Limits.seq("seq", seq), after, limits.historyLimit(limit));
    }
  }

  record Typing(String channelId) implements Request {
    public String op() {
      return "typing";
    }

    public Typing validate(Limits limits) {
      return new Typing(limits.id("channelId", channelId));
    }
  }

  record Read(String channelId, Long seq) implements Request {
    public String op() {
      return "read";
    }

    public Read validate(Limits limits) {
      Limits.required("seq", seq);
      Limits.optionalSeq("seq", seq);
      return new Read(limits.id("channelId", channelId), seq);
    }
  }

  record PresenceSet(String status) implements Request {
    public static final Set<String> STATUSES = Set.of("online", "away", "dnd");

    public String op() {
      return "presence.set";
    }

    public PresenceSet validate(Limits limits) {
      Limits.required("status", status);
      if (!STATUSES.contains(status)) {
        throw ProtocolException.badRequest("field 'status' must be 'online', 'away' or 'dnd'");
      }
      return this;
    }
  }

  /** {@code payload} is opaque to the server: any JSON value, relayed as it came. */
  record CallSignal(String toUserId, String callId, String kind, JsonNode payload) implements Request {
    public static final Set<String> KINDS = Set.of("offer", "answer", "ice", "hangup");

    public String op() {
      return "call.signal";
    }

    public CallSignal validate(Limits limits) {
      Limits.required("kind", kind);
      if (!KINDS.contains(kind)) {
        throw ProtocolException.badRequest("field 'kind' must be 'offer', 'answer', 'ice' or 'hangup'");
      }
      if (payload != null && payload.toString().getBytes(StandardCharsets.UTF_8).length > limits.maxSignalPayloadBytes()) {
        throw new ProtocolException(
            ErrorCode.TOO_LARGE, "field 'payload' must be at most " + limits.maxSignalPayloadBytes() + " bytes");
      }
      return new CallSignal(limits.id("toUserId", toUserId), limits.id("callId", callId), kind, payload);
    }
  }

  /** The caller's own account: who they are and whether they administer the deployment. */
  record AccountMe() implements Request {
    public String op() {
      return "account.me";
    }

    public AccountMe validate(Limits limits) {
      return this;
    }
  }

  /** The caller changes their password; every other login of theirs ends. */
  record AccountPassword(String currentPassword, String newPassword) implements Request {
    public String op() {
      return "account.password";
    }

    public AccountPassword validate(Limits limits) {
      Limits.required("currentPassword", currentPassword);
      return new AccountPassword(currentPassword, limits.password("newPassword", newPassword));
    }

    @Override
    public String toString() {
      return "AccountPassword[<redacted>]";
    }
  }

  record AccountName(String displayName) implements Request {
    public String op() {
      return "account.name";
    }

    public AccountName validate(Limits limits) {
      Limits.required("displayName", displayName);
      if (displayName.isBlank()) {
        throw ProtocolException.badRequest("field 'displayName' must not be blank");
      }
      return new AccountName(limits.displayName(displayName, null));
    }
  }

  /**
   * A deployment administrator's action on the account {@code username}: {@code admin.grant},
   * {@code admin.revoke}, {@code admin.deactivate}, {@code admin.reactivate},
   * {@code admin.reset} (a password reset token) or {@code admin.delete} (deactivated, and every
   * message it wrote erased).
   */
  record AdminAction(String op, String username) implements Request {
    public static final Set<String> OPS =
        Set.of("admin.grant", "admin.revoke", "admin.deactivate", "admin.reactivate", "admin.reset", "admin.delete");

    public AdminAction validate(Limits limits) {
      return new AdminAction(op, limits.username(username));
    }
  }

  /** An administrator creates an account (the way in when registration is closed). */
  record AdminCreate(String username, String password, String displayName) implements Request {
    public String op() {
      return "admin.create";
    }

    public AdminCreate validate(Limits limits) {
      String name = limits.username(username);
      return new AdminCreate(name, limits.password(password), limits.displayName(displayName, name));
    }

    @Override
    public String toString() {
      return "AdminCreate[username=" + username + ", password=<redacted>]";
    }
  }

  /**
   * A page of the deployment's accounts, by username: the {@code limit} after the username
   * {@code after}, those whose username or display name contains {@code query} (case-insensitive).
   */
  record AdminAccounts(String query, String after, Integer limit) implements Request {
    public String op() {
      return "admin.accounts";
    }

    public AdminAccounts validate(Limits limits) {
      if (query != null && query.length() > limits.maxDisplayNameChars()) {
        throw ProtocolException.badRequest("field 'query' is too long");
      }
      String text = query == null || query.isBlank() ? null : query.strip();
      return new AdminAccounts(text, after == null ? null : limits.username(after), limits.historyLimit(limit));
    }
  }

  /** Reads the registration mode in force, and where it comes from. */
  record AdminRegistration() implements Request {
    public String op() {
      return "admin.registration";
    }

    public AdminRegistration validate(Limits limits) {
      return this;
    }
  }

  /** Sets the registration mode for every node: {@code open}, {@code invite} or {@code closed}. */
  record AdminRegistrationSet(String mode) implements Request {
    public static final Set<String> MODES = Set.of("open", "invite", "closed");

    public String op() {
      return "admin.registration.set";
    }

    public AdminRegistrationSet validate(Limits limits) {
      Limits.required("mode", mode);
      if (!MODES.contains(mode)) {
        throw ProtocolException.badRequest("field 'mode' must be open, invite or closed");
      }
      return this;
    }
  }

  /** A page of the audit log, newest first: the {@code limit} entries below {@code before}. */
  record AdminAudit(Long before, Integer limit) implements Request {
    public String op() {
      return "admin.audit";
    }

    public AdminAudit validate(Limits limits) {
      Limits.optionalSeq("before", before);
      return new AdminAudit(before, limits.historyLimit(limit));
    }
  }
}
