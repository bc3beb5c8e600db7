package dev.parley.protocol;

import java.util.Set;

/** Workspace operations: creating, inviting, joining, members, roles and settings. */
public sealed interface WorkspaceRequest extends Request {

  record WorkspaceCreate(String name) implements WorkspaceRequest {
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
  record WorkspaceInvite(String workspaceId, Long expiresIn, Integer maxUses) implements WorkspaceRequest {
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
  record WorkspaceInvites(String workspaceId) implements WorkspaceRequest {
    public String op() {
      return "workspace.invites";
    }

    public WorkspaceInvites validate(Limits limits) {
      return new WorkspaceInvites(limits.id("workspaceId", workspaceId));
    }
  }

  /** Revokes one invite of the workspace, named by its code. */
  record WorkspaceInviteRevoke(String workspaceId, String code) implements WorkspaceRequest {
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
  record WorkspaceMemberAction(String op, String workspaceId, String userId) implements WorkspaceRequest {
    public static final Set<String> OPS = Set.of("workspace.remove", "workspace.transfer");

    public WorkspaceMemberAction validate(Limits limits) {
      return new WorkspaceMemberAction(op, limits.id("workspaceId", workspaceId), limits.id("userId", userId));
    }
  }

  record WorkspaceRename(String workspaceId, String name) implements WorkspaceRequest {
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
  record WorkspaceRetention(String workspaceId, Integer days) implements WorkspaceRequest {
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

  record WorkspaceJoin(String code) implements WorkspaceRequest {
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

  record WorkspaceMembers(String workspaceId) implements WorkspaceRequest {
    public String op() {
      return "workspace.members";
    }

    public WorkspaceMembers validate(Limits limits) {
      return new WorkspaceMembers(limits.id("workspaceId", workspaceId));
    }
  }

  record WorkspaceChannels(String workspaceId) implements WorkspaceRequest {
    public String op() {
      return "workspace.channels";
    }

    public WorkspaceChannels validate(Limits limits) {
      return new WorkspaceChannels(limits.id("workspaceId", workspaceId));
    }
  }

  record WorkspaceRole(String workspaceId, String userId, String role) implements WorkspaceRequest {
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
}
