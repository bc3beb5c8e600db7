package dev.parley.node.bots;

/** What a live bot token authenticates: the bot, and which of its tokens it is. */
public record BotLogin(StoredBot bot, String tokenId) {}
