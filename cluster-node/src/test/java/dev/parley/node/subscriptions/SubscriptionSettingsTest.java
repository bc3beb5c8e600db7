package dev.parley.node.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The retry schedule of a failed delivery (docs/protocol.md, "Event subscriptions"): the first
 * retry after {@code retry.base}, each next one twice as long after the last, never more than
 * {@code retry.cap} apart. {@code retryAfter(n)} is the wait after the n-th failed attempt.
 */
class SubscriptionSettingsTest {

  private static SubscriptionSettings retrying(String base, String cap) {
    return SubscriptionSettings.from(
        ConfigFactory.load()
            .withValue("parley.subscriptions.retry.base", ConfigValueFactory.fromAnyRef(base))
            .withValue("parley.subscriptions.retry.cap", ConfigValueFactory.fromAnyRef(cap)));
  }

  @Test
  void theFirstRetryWaitsTheBase() {
    assertEquals(Duration.ofSeconds(10), retrying("10s", "1h").retryAfter(1));
  }

  @Test
  void eachFailureDoublesTheWait() {
    SubscriptionSettings settings = retrying("10s", "1h");
    assertEquals(Duration.ofSeconds(20), settings.retryAfter(2));
    assertEquals(Duration.ofSeconds(40), settings.retryAfter(3));
    assertEquals(Duration.ofSeconds(80), settings.retryAfter(4));
    assertEquals(Duration.ofSeconds(2560), settings.retryAfter(9));
  }

  @Test
  void theWaitStopsAtTheCap() {
    SubscriptionSettings settings = retrying("10s", "1h");
    assertEquals(Duration.ofHours(1), settings.retryAfter(10), "5120 s doubled from 2560 s is capped");
    assertEquals(Duration.ofHours(1), settings.retryAfter(20));
    assertEquals(Duration.ofHours(1), settings.retryAfter(Integer.MAX_VALUE), "no overflow however many failures");
  }

  @Test
  void aCapBelowTheBaseBoundsTheFirstRetryToo() {
    assertEquals(Duration.ofSeconds(5), retrying("10s", "5s").retryAfter(1));
  }

  @Test
  void theDefaultsAreTenSecondsDoubledUpToAnHour() {
    SubscriptionSettings defaults = SubscriptionSettings.from(ConfigFactory.load());
    assertEquals(Duration.ofSeconds(10), defaults.retryAfter(1));
    assertEquals(Duration.ofSeconds(20), defaults.retryAfter(2));
    assertEquals(Duration.ofHours(1), defaults.retryAfter(100));
  }
}
