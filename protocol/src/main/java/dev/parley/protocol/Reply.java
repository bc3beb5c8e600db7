package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The {@code data} objects of {@code ok} replies, one record per shape. */
public final class Reply {
  private Reply() {}

  public record Empty() {}

  /** {@code features}: those of the client's that this server speaks on the socket; absent when none. */
  public record AuthOk(
      Views.User user,
      String sessionId,
      List<Views.Workspace> workspaces,
      List<Views.Channel> channels,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> features) {}

  public record WorkspaceCreated(Views.Workspace workspace) {}

  public record Invite(String code) {}

  public record Members(List<Views.Member> members) {}

  /** {@code workspace.invites}: the live invites, oldest first. */
  public record Invites(List<Views.Invite> invites) {}

  public record ChannelOk(Views.Channel channel) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Posted(long seq, long ts, Boolean duplicate) {}

  public record History(List<Views.HistoryEntry> events, boolean hasMore) {}

  /** The seq of the channel event a write produced (edit, delete, reaction, topic). */
  public record Seq(long seq) {}

  /** {@code account.me}: the caller's account. */
  public record Me(Views.Account account) {}

  /**
   * {@code notify.get} and {@code notify.set}: the caller's default {@code level} and {@code muted},
   * and the preferences of the channels they set one for.
   */
  public record Notify(String level, boolean muted, List<Views.ChannelNotify> channels) {}

  /** {@code admin.reset}: shown once; it works once, until {@code expiresAt} (ms since the epoch). */
  public record PasswordReset(String username, String resetToken, long expiresAt) {}

  /** {@code admin.create}: the new account's id. */
  public record Created(String userId) {}

  /** {@code admin.audit}: newest first; {@code hasMore}: older entries exist. */
  public record Audit(List<Views.AuditEntry> entries, boolean hasMore) {}

  /** {@code admin.accounts}: by username; {@code next}: the {@code after} of the next page, null on the last. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Accounts(List<Views.AccountSummary> accounts, String next) {}

  /**
   * {@code admin.registration} and {@code admin.registration.set}: the mode in force, and
   * {@code source}: {@code stored} (set by an administrator) or {@code environment} ({@code PARLEY_REGISTRATION}).
   */
  public record Registration(String mode, String source) {}

  /** {@code POST /v1/files}: the stored file, to be named in {@code message.post}'s {@code files}. */
  public record FileUploaded(Views.File file) {}

  /**
   * {@code GET /v1/files/<id>/link}: URLs (relative to the node) that fetch the file, and its
   * thumbnail when it has one, without a token, until {@code expiresAt} (ms since the epoch).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileLink(String url, String thumbnailUrl, long expiresAt) {}

  /** {@code hook.create}: the new hook with its {@code url} and {@code token}, shown this once. */
  public record HookCreated(Views.Hook hook) {}

  /** {@code hook.list}: the channel's live hooks, oldest first, without their tokens. */
  public record Hooks(List<Views.Hook> hooks) {}

  /** {@code bot.create}: the new bot account. */
  public record BotCreated(Views.Bot bot) {}

  /** {@code bot.list}: the workspace's bots, oldest first. */
  public record Bots(List<Views.Bot> bots) {}

  /** {@code bot.token.create}: the new token with its {@code secret}, shown this once. */
  public record BotTokenCreated(Views.BotToken token) {}

  /** {@code bot.token.list}: the bot's live tokens, oldest first, without their secrets. */
  public record BotTokens(List<Views.BotToken> tokens) {}
}
