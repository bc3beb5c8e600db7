package dev.parley.node.telemetry;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * The reasons of {@code parley_auth_failures_total}: what was refused, never who. All are exported
 * from the first count of any, at 0 until they happen, so that {@code rate()} sees every first one.
 */
public enum AuthFailure {
  /** A login with an unknown user name or a wrong password (the client cannot tell which). */
  PASSWORD("password"),
  /** A WebSocket {@code auth} or an HTTP call with a missing, malformed, forged or expired access token. */
  ACCESS_TOKEN("access_token"),
  /** A refresh or logout with a refresh token that is forged, expired, spent or of an ended login. */
  REFRESH_TOKEN("refresh_token");

  private final CounterDataPoint count;

  AuthFailure(String reason) {
    this.count = Metrics.AUTH_FAILURES.labelValues(reason);
  }

  public void inc() {
    count.inc();
  }
}
