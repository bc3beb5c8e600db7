package dev.parley.node.auth;

/** Who a valid access token says the caller is. */
public record AuthenticatedUser(String userId, String username, String displayName) {}
