package dev.parley.node.auth;

/** A login refused before its password was checked: 429 with {@code Retry-After}. */
public final class TooManyAttempts extends RuntimeException {
  private final String budget;
  private final long retryAfterSeconds;

  public TooManyAttempts(String budget, long retryAfterSeconds) {
    super("too many failed logins; retry later", null, false, false);
    this.budget = budget;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Which budget ran out, for the security log: never shown to the client. */
  public String budget() {
    return budget;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
