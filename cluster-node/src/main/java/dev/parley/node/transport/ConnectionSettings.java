package dev.parley.node.transport;

import com.typesafe.config.Config;
import java.time.Duration;

/** Limits and timers of one WebSocket connection, from {@code parley.connection}. */
public record ConnectionSettings(
    Duration authTimeout,
    int authsAtOnce,
    int authsWaitingToPauseAccepting,
    int outgoingBuffer,
    int maxInFlight,
    Duration renewEvery,
    int maxReplay,
    Duration fillRetry,
    Duration closeGrace,
    double requestsPerSecond,
    int requestBurst,
    int abuseLimit,
    Duration abuseWindow) {

  public static ConnectionSettings from(Config config) {
    Config c = config.getConfig("parley.connection");
    return new ConnectionSettings(
        c.getDuration("auth-timeout"),
        c.getInt("auths-at-once"),
        c.getInt("auths-waiting-to-pause-accepting"),
        c.getInt("outgoing-buffer"),
        c.getInt("max-in-flight"),
        c.getDuration("renew-every"),
        c.getInt("max-replay"),
        c.getDuration("fill-retry"),
        c.getDuration("close-grace"),
        c.getDouble("requests-per-second"),
        c.getInt("request-burst"),
        c.getInt("abuse-limit"),
        c.getDuration("abuse-window"));
  }
}
