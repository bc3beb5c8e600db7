package dev.parley.cli;

/** What {@code login} stores per profile. {@link #toString} never shows the tokens. */
record Session(String server, String userId, String username, String accessToken, String refreshToken) {

  Session withTokens(String newAccessToken, String newRefreshToken) {
    return new Session(server, userId, username, newAccessToken, newRefreshToken);
  }

  boolean isComplete() {
    return server != null && userId != null && accessToken != null && refreshToken != null;
  }

  @Override
  public String toString() {
    return "Session[server=" + server + ", userId=" + userId + ", username=" + username + ", tokens=<redacted>]";
  }
}
