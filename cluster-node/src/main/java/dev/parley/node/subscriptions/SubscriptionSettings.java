package dev.parley.node.subscriptions;

import static dev.parley.seed.SettingReader.read;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.parley.seed.SettingChecks;
import java.time.Duration;
import java.util.Map;

/**
 * Outgoing event subscriptions (docs/operations.md, "Event subscriptions"), from {@code
 * parley.subscriptions}.
 *
 * @param pollInterval how often the dispatcher looks for new journal events and due deliveries
 * @param batchSize journal rows read per projection transaction, and deliveries sent per round
 * @param gapTimeout how long a missing journal {@code ordering} is waited for before it is skipped
 * @param retryBase the wait before the second attempt of a delivery, doubled per failed attempt
 * @param retryCap the longest wait between two attempts of a delivery
 * @param disableAfterFailures failed attempts in a row (no 2xx between) that may disable a subscription
 * @param disableAfter how long those failures must have gone on (since the first of them) to disable it
 * @param connectTimeout connecting to a receiver
 * @param requestTimeout a receiver's whole answer, from sending the request
 * @param allowHttpLoopback {@code http://} URLs of loopback addresses are accepted (tests, development)
 * @param allowPrivateAddresses receivers at private, loopback and link-local addresses are accepted
 * @param failureBackoffMin the wait after the dispatcher's first failed step (database down), doubled per failure
 * @param failureBackoffMax the longest wait between failed steps of the dispatcher
 * @param trust the certificate authorities a receiver's certificate may chain to
 */
public record SubscriptionSettings(
    Duration pollInterval,
    int batchSize,
    Duration gapTimeout,
    Duration retryBase,
    Duration retryCap,
    int disableAfterFailures,
    Duration disableAfter,
    Duration connectTimeout,
    Duration requestTimeout,
    boolean allowHttpLoopback,
    boolean allowPrivateAddresses,
    Duration failureBackoffMin,
    Duration failureBackoffMax,
    ReceiverTrust trust) {

  /** The dispatcher that runs the JDBC calls of subscriptions and their deliveries, off the actor threads. */
  public static final String DISPATCHER = "parley.subscriptions.dispatcher";

  public static SubscriptionSettings from(Config config) {
    Config c = config.getConfig("parley.subscriptions");
    return new SubscriptionSettings(
        c.getDuration("poll-interval"),
        c.getInt("batch-size"),
        c.getDuration("gap-timeout"),
        read(c, "retry.base", "PARLEY_SUBSCRIPTIONS_RETRY_BASE", SettingChecks::positiveDuration),
        read(c, "retry.cap", "PARLEY_SUBSCRIPTIONS_RETRY_CAP", SettingChecks::positiveDuration),
        read(c, "disable-after.failures", "PARLEY_SUBSCRIPTIONS_DISABLE_AFTER_FAILURES", SettingChecks::positiveWholeNumber),
        read(c, "disable-after.period", "PARLEY_SUBSCRIPTIONS_DISABLE_AFTER", SubscriptionSettings::duration),
        c.getDuration("connect-timeout"),
        c.getDuration("request-timeout"),
        read(c, "allow-http-loopback", "PARLEY_SUBSCRIPTIONS_ALLOW_HTTP_LOOPBACK", SubscriptionSettings::bool),
        read(c, "allow-private-addresses", "PARLEY_SUBSCRIPTIONS_ALLOW_PRIVATE_ADDRESSES", SubscriptionSettings::bool),
        c.getDuration("failure-backoff.min"),
        c.getDuration("failure-backoff.max"),
        ReceiverTrust.from(c));
  }

  /** The wait before the next attempt of a delivery that failed {@code attempts} times. */
  Duration retryAfter(int attempts) {
    return doubled(retryBase, retryCap, attempts);
  }

  /** The wait before the dispatcher's next step after {@code failures} failed steps in a row. */
  Duration backoffAfter(int failures) {
    return doubled(failureBackoffMin, failureBackoffMax, failures);
  }

  private static Duration doubled(Duration first, Duration cap, int times) {
    Duration wait = first;
    for (int i = 1; i < times && wait.compareTo(cap) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(cap) > 0 ? cap : wait;
  }

  /** Zero is allowed: then the failures in a row alone disable a subscription. */
  private static Duration duration(String value) {
    Duration duration;
    try {
      duration = ConfigFactory.parseMap(Map.of("value", value)).getDuration("value");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("must be a duration such as 24h, or 0s");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("must not be negative");
    }
    return duration;
  }

  private static boolean bool(String value) {
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }
}
