package dev.parley.node.auth;

/**
 * Who a valid access token says the caller is. {@code familyId}: the login the token was issued
 * to (the family of its refresh tokens), null in tokens from before it was signed in.
 */
public record AuthenticatedUser(String userId, String username, String displayName, String familyId) {
  public AuthenticatedUser(String userId, String username, String displayName) {
    this(userId, username, displayName, null);
  }
}
