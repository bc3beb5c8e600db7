package dev.parley.protocol.auth;

/** Bodies of the HTTP identity endpoints under {@code /v1/auth}. */
public final class AuthBodies {
  private AuthBodies() {}

  public record Register(String username, String password, String displayName) {
    @Override
    public String toString() {
      return "Register[username=" + username + ", password=<redacted>]";
    }
  }

  public record Registered(String userId) {}

  public record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[username=" + username + ", password=<redacted>]";
    }
  }

  public record Refresh(String refreshToken) {
    @Override
    public String toString() {
      return "Refresh[<redacted>]";
    }
  }

  public record Tokens(String accessToken, String refreshToken, long expiresIn, String userId) {
    @Override
    public String toString() {
      return "Tokens[userId=" + userId + ", expiresIn=" + expiresIn + "]";
    }
  }
}
