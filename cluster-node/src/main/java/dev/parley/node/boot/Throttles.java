package dev.parley.node.boot;

import com.typesafe.config.Config;
import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.transport.ConnectionSettings;

/**
 * The node's rate limits on HTTP, each a token bucket per caller: sign-in attempts, requests of
 * the op API, searches, uploads, failed operator-token attempts, and posts per incoming webhook.
 */
record Throttles(
    AttemptThrottle auth, AttemptThrottle ops, AttemptThrottle search, AttemptThrottle uploads, AttemptThrottle admin, AttemptThrottle hooks) {
  private static final double SECONDS_PER_MINUTE = 60;
  private static final double MILLIS_PER_SECOND = 1000;

  static Throttles from(Config parley, ConnectionSettings connections) {
    int usersTracked = parley.getInt("http-api.users-tracked");
    return new Throttles(
        perMinute(parley, "auth.attempts-per-minute", parley.getInt("auth.attempts-burst"), parley.getInt("auth.attempts-tracked")),
        new AttemptThrottle(connections.requestsPerSecond(), connections.requestBurst(), usersTracked, System::nanoTime),
        perMinute(parley, "search.queries-per-minute", parley.getInt("search.queries-burst"), usersTracked),
        perMinute(parley, "files.uploads-per-minute", parley.getInt("files.uploads-burst"), usersTracked),
        new AttemptThrottle(
            MILLIS_PER_SECOND / parley.getDuration("admin.refill-every").toMillis(),
            parley.getInt("admin.failures"),
            parley.getInt("admin.tracked"),
            System::nanoTime),
        perMinute(parley, "hooks.posts-per-minute", parley.getInt("hooks.posts-burst"), parley.getInt("hooks.tracked")));
  }

  private static AttemptThrottle perMinute(Config parley, String rate, int burst, int tracked) {
    return new AttemptThrottle(parley.getDouble(rate) / SECONDS_PER_MINUTE, burst, tracked, System::nanoTime);
  }
}
