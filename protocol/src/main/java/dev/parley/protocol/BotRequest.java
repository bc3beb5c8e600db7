package dev.parley.protocol;

/**
 * Bot accounts of a workspace and their API tokens, managed by the workspace's owners and admins:
 * {@code bot.token.create} answers the token's secret once; the secret then authenticates the bot
 * on {@code POST /v1/api/<op>} and the WebSocket's {@code auth} (docs/protocol.md, "Bots").
 */
public sealed interface BotRequest extends Request {

  /** The workspace the op is about: every bot op names one. */
  String workspaceId();

  record BotCreate(String workspaceId, String name) implements BotRequest {
    public String op() {
      return "bot.create";
    }

    public BotCreate validate(Limits limits) {
      return new BotCreate(limits.id("workspaceId", workspaceId), limits.botName(name));
    }
  }

  /** The workspace's bots that are not removed, oldest first. */
  record BotList(String workspaceId) implements BotRequest {
    public String op() {
      return "bot.list";
    }

    public BotList validate(Limits limits) {
      return new BotList(limits.id("workspaceId", workspaceId));
    }
  }

  /** The bot leaves the workspace and its tokens stop working; what it posted stays. */
  record BotRemove(String workspaceId, String botId) implements BotRequest {
    public String op() {
      return "bot.remove";
    }

    public BotRemove validate(Limits limits) {
      return new BotRemove(limits.id("workspaceId", workspaceId), limits.id("botId", botId));
    }
  }

  /** {@code label}: optional, what the token is for. */
  record BotTokenCreate(String workspaceId, String botId, String label) implements BotRequest {
    public String op() {
      return "bot.token.create";
    }

    public BotTokenCreate validate(Limits limits) {
      return new BotTokenCreate(limits.id("workspaceId", workspaceId), limits.id("botId", botId), limits.tokenLabel(label));
    }
  }

  /** The bot's tokens that are not revoked, oldest first, without their secrets. */
  record BotTokenList(String workspaceId, String botId) implements BotRequest {
    public String op() {
      return "bot.token.list";
    }

    public BotTokenList validate(Limits limits) {
      return new BotTokenList(limits.id("workspaceId", workspaceId), limits.id("botId", botId));
    }
  }

  /** From now on the token is {@code unauthorized}, and the bot's sockets close. */
  record BotTokenRevoke(String workspaceId, String botId, String tokenId) implements BotRequest {
    public String op() {
      return "bot.token.revoke";
    }

    public BotTokenRevoke validate(Limits limits) {
      return new BotTokenRevoke(limits.id("workspaceId", workspaceId), limits.id("botId", botId), limits.id("tokenId", tokenId));
    }
  }
}
