package dev.parley.node.bots;

/**
 * An API token of the bot {@code botId} as {@code parley_bot_token} keeps it; {@code label} may be
 * null. Its secret is not here: only its hash is stored.
 */
public record StoredBotToken(String tokenId, String botId, String label, long createdAt) {}
