package dev.parley.node.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * The scopes of {@code parley_rate_limited_total}: which limit refused a request. All are exported
 * from the first count of any, at 0 until they happen, so that {@code rate()} sees every first one.
 */
public enum RateLimitScope {
  /** A WebSocket's requests per second ({@code parley.connection.requests-per-second}). */
  CONNECTION("connection"),
  /** A user's open WebSockets ({@code PARLEY_MAX_CONNECTIONS_PER_USER}). */
  CONNECTIONS_PER_USER("connections_per_user"),
  /** {@code /v1/api} calls per user. */
  API("api"),
  /** Failed-login budgets ({@code PARLEY_LOGIN_*}). */
  LOGIN("login"),
  /** Registrations per client address. */
  REGISTER("register"),
  /** Searches per user. */
  SEARCH("search"),
  /** File uploads per user. */
  UPLOAD("upload"),
  /** Posts per incoming webhook ({@code PARLEY_HOOK_POSTS_*}). */
  HOOK("hook");

  private final CounterDataPoint count;

  RateLimitScope(String scope) {
    this.count = Metrics.RATE_LIMITED.labelValues(scope);
  }

  public void inc() {
    count.inc();
  }
}
