package dev.parley.node.hooks;

/**
 * An incoming webhook as {@code parley_hook} keeps it: it posts into {@code channelId} (of {@code
 * workspaceId}) under {@code name}, with its own id as the author. {@code createdBy} (a user id)
 * made it at {@code createdAt} (ms since the epoch). Its token is not here: only its hash is stored.
 */
public record StoredHook(String hookId, String channelId, String workspaceId, String name, String createdBy, long createdAt) {}
