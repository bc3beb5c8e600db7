package dev.parley.node.auth;

import dev.parley.node.bots.BotLogin;
import dev.parley.node.bots.BotSecret;
import dev.parley.node.bots.BotStore;
import dev.parley.node.bots.StoredBot;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checks a bot's API token ({@code pbt_...}) where an access token is taken ({@code POST
 * /v1/api/<op>}, the WebSocket's {@code auth}). Nothing is cached: each check reads {@code
 * parley_bot_token} by the secret's hash (one indexed row), so a token revoked or a bot removed on
 * any node is refused by every node from the next request on. The bot acts as the user whose id is
 * its bot id; the token's id stands where a login's family does.
 */
public final class BotAuthenticator {
  private final BotStore store;

  public BotAuthenticator(BotStore store) {
    this.store = store;
  }

  /** Whether {@code token} is meant as a bot token, to be checked here rather than as an access token. */
  public boolean handles(String token) {
    return BotSecret.isBotToken(token);
  }

  /** The bot a live token authenticates, with no expiry; {@code unauthorized} for anything else. */
  public CompletionStage<TokenService.AccessClaims> verify(String token) {
    if (!BotSecret.isWellFormed(token)) {
      return CompletableFuture.failedFuture(refused());
    }
    return store
        .bySecretHash(BotSecret.hash(token))
        .thenApply(
            found -> {
              BotLogin login = found.orElseThrow(BotAuthenticator::refused);
              StoredBot bot = login.bot();
              return new TokenService.AccessClaims(new AuthenticatedUser(bot.botId(), bot.name(), bot.name(), login.tokenId()), null);
            });
  }

  private static ProtocolException refused() {
    return new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid or revoked bot token");
  }
}
