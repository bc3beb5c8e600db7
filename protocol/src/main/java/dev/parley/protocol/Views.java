package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The shapes of users, workspaces, channels and members as the contract shows them. */
public final class Views {
  private Views() {}

  public record User(String id, String username, String displayName) {}

  public record Workspace(String id, String name, String role) {}

  /**
   * {@code archived}: whether the channel is read-only, where the channel itself answered (the
   * {@code auth} reply, {@code channel.*} replies and {@code channel.added}); absent where only an
   * index of names answered ({@code workspace.channels}). {@code memberCount}: how many are in it,
   * where the channel itself answered ({@code auth}, {@code channel.create}, {@code channel.join},
   * {@code dm.open}); not in {@code channel.added} or {@code workspace.channels}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Channel(
      String id,
      String workspaceId,
      String name,
      String kind,
      String topic,
      Long lastSeq,
      Long readSeq,
      Integer mentions,
      Boolean archived,
      Integer memberCount) {
    public Channel(
        String id, String workspaceId, String name, String kind, String topic, Long lastSeq, Long readSeq, Integer mentions, Boolean archived) {
      this(id, workspaceId, name, kind, topic, lastSeq, readSeq, mentions, archived, null);
    }
  }

  /** {@code bot}: true for a bot account of the workspace, absent for a person. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(String userId, String username, String role, String presence, Boolean bot) {
    public Member(String userId, String username, String role, String presence) {
      this(userId, username, role, presence, null);
    }
  }

  /**
   * A stored file as posts and uploads show it: {@code contentType} is what its bytes are, and
   * {@code thumbnail} is true when a small image of it is served at {@code /v1/files/<id>/thumbnail}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record File(String id, String name, long size, String contentType, Boolean thumbnail) {}

  /**
   * A live invite: {@code createdBy} and {@code createdAt} are absent for invites made before
   * invites had terms; {@code expiresAt} (ms since the epoch) and {@code maxUses} when limited;
   * {@code uses}: accounts that joined with it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Invite(String code, String createdBy, Long createdAt, Long expiresAt, Integer maxUses, int uses) {}

  /** One entry of {@code history}: a channel event without the {@code op}. */
  public record HistoryEntry(String type, ChannelEventData data) {}

  public record Channels(List<Channel> channels) {}

  /**
   * An account as its owner sees it: {@code admin} says whether it administers the deployment;
   * {@code email} (absent when none is set) is where notification emails go.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Account(String id, String username, String displayName, boolean admin, String email) {}

  /** A channel's notification preference (notify.set): {@code level} all, mentions or nothing. */
  public record ChannelNotify(String channelId, String level, boolean muted) {}

  /**
   * An account as administrators list it: {@code createdAt} in ms since the epoch;
   * {@code displayName} is absent for accounts registered without one.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccountSummary(
      String id, String username, String displayName, boolean admin, boolean deactivated, long createdAt) {}

  /**
   * What an administrator or a workspace owner did: {@code seq} orders the log (1, 2, ...),
   * {@code actorId} did {@code action} to {@code target} (a username, a user id or a workspace
   * id, as the action names it) at {@code ts}; {@code detail} says more where the action needs it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AuditEntry(long seq, long ts, String actorId, String action, String target, String detail) {}

  /**
   * An incoming webhook of a channel: {@code createdBy} (a user id) made it at {@code createdAt}
   * (ms since the epoch). {@code url} and {@code token} are only in the answer to {@code
   * hook.create}: the server keeps a hash of the token, never the token.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Hook(String id, String channelId, String name, String createdBy, Long createdAt, String url, String token) {
    @Override
    public String toString() {
      return "Hook[id=" + id + ", channelId=" + channelId + ", name=" + name + "]";
    }
  }

  /** A bot account of a workspace: {@code createdBy} (a user id) made it at {@code createdAt} (ms since the epoch). */
  public record Bot(String id, String workspaceId, String name, String createdBy, long createdAt) {}

  /**
   * An API token of a bot. {@code secret} ({@code pbt_...}) is only in the answer to {@code
   * bot.token.create}: the server keeps its SHA-256, never the secret. {@code label} may be absent.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BotToken(String id, String label, long createdAt, String secret) {
    @Override
    public String toString() {
      return "BotToken[id=" + id + ", label=" + label + "]";
    }
  }
}
