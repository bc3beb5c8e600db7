package dev.parley.protocol.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.Views;

/** Bodies of the HTTP identity endpoints under {@code /v1/auth}. */
public final class AuthBodies {
  private AuthBodies() {}

  /**
   * {@code inviteCode}: a workspace invite, which registration needs when the deployment admits
   * new accounts by invitation; the new account joins that workspace.
   */
  public record Register(String username, String password, String displayName, String inviteCode) {
    @Override
    public String toString() {
      return "Register[username=" + username + ", password=<redacted>, inviteCode=<redacted>]";
    }
  }

  /** {@code workspace}: the workspace the invite let the account join, or absent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Registered(String userId, Views.Workspace workspace) {}

  /** {@code POST /v1/auth/reset-password}: a reset token an administrator made, spent on a new password. */
  public record ResetPassword(String username, String resetToken, String password) {
    @Override
    public String toString() {
      return "ResetPassword[username=" + username + ", <redacted>]";
    }
  }

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

  /**
   * {@code POST /v1/auth/logout}: either a refresh token, to log out the login it came from, or
   * {@code all: true} with a bearer access token, to log out every login of the user.
   */
  public record Logout(String refreshToken, Boolean all) {
    public boolean everywhere() {
      return Boolean.TRUE.equals(all);
    }

    @Override
    public String toString() {
      return "Logout[all=" + all + ", refreshToken=<redacted>]";
    }
  }

  public record Tokens(String accessToken, String refreshToken, long expiresIn, String userId) {
    @Override
    public String toString() {
      return "Tokens[userId=" + userId + ", expiresIn=" + expiresIn + "]";
    }
  }
}
