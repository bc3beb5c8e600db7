package dev.parley.node.bots;

/**
 * A bot account as {@code parley_bot} keeps it: a member of {@code workspaceId} under {@code name}
 * (its handle), acting as the user {@code botId}. {@code createdBy} (a user id) made it at {@code
 * createdAt} (ms since the epoch).
 */
public record StoredBot(String botId, String workspaceId, String name, String createdBy, long createdAt) {}
