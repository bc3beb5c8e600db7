package dev.parley.node.auth;

import dev.parley.node.logging.LogContext;
import java.net.InetAddress;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log: one WARN line per failed login, per refused operator request and per attempt a
 * throttle refused, under the logger {@code parley.security} so operators can route it on its own
 * (to fail2ban, an alert).
 * User names get here only once they passed the user-name rules, so a line cannot be forged by
 * what a client typed; passwords and tokens never get here at all.
 */
public final class SecurityLog {
  private static final Logger log = LoggerFactory.getLogger("parley.security");

  private SecurityLog() {}

  public static void failedLogin(String username, InetAddress client) {
    LogContext.with(Map.of(LogContext.USERNAME, username), () -> log.warn("Failed login for user {} from {}", username, client.getHostAddress()));
  }

  /** A login whose user name breaks the rules: answered like a wrong password, logged without it. */
  public static void failedLoginWithInvalidName(InetAddress client) {
    log.warn("Failed login for an invalid user name from {}", client.getHostAddress());
  }

  public static void refusedLogin(String username, InetAddress client, TooManyAttempts refusal) {
    LogContext.with(
        Map.of(LogContext.USERNAME, username),
        () ->
            log.warn(
                "Login for user {} from {} refused: too many failed logins per {}, retry in {} s",
                username,
                client.getHostAddress(),
                refusal.budget(),
                refusal.retryAfterSeconds()));
  }

  /**
   * A request to an operator endpoint ({@code drain}, {@code leave}, {@code down}) that was not let
   * through, and why: no or a wrong token, too many of those, or the endpoints are closed.
   */
  public static void refusedOperator(String action, InetAddress client, String why) {
    log.warn("Operator request {} from {} refused: {}", action, client.getHostAddress(), why);
  }

  /** A WebSocket upgrade over one of its client address's caps, and which. */
  public static void refusedSocket(InetAddress client, String why) {
    log.warn("WebSocket from {} refused: {}", client.getHostAddress(), why);
  }

  public static void refusedRegistration(InetAddress client, long retryAfterSeconds) {
    log.warn("Registration from {} refused: too many attempts, retry in {} s", client.getHostAddress(), retryAfterSeconds);
  }
}
