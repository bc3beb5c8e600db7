package dev.parley.node.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.parley.seed.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSettingsTest {

  private static SearchSettings withDefaults(Map<String, Object> overrides) {
    return SearchSettings.from(
        ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.parseResources("parley.conf")).resolve());
  }

  @Test
  void readsTheShippedDefaults() {
    SearchSettings settings = withDefaults(Map.of());

    assertEquals(Duration.ofSeconds(1), settings.pollInterval());
    assertEquals(Duration.ofSeconds(10), settings.gapTimeout());
    assertEquals(20, settings.defaultHits());
    assertEquals(100, settings.maxHits());
    assertEquals(200, settings.maxQueryChars());
  }

  @Test
  void failedStepsBackOffDoublingUpToTheMaximum() {
    SearchSettings settings = withDefaults(Map.of());

    assertEquals(Duration.ofSeconds(1), settings.backoffAfter(1));
    assertEquals(Duration.ofSeconds(2), settings.backoffAfter(2));
    assertEquals(Duration.ofSeconds(16), settings.backoffAfter(5));
    assertEquals(Duration.ofSeconds(30), settings.backoffAfter(6));
    assertEquals(Duration.ofSeconds(30), settings.backoffAfter(1000));
  }

  @Test
  void refusesAMaximumOfHitsBelowTheDefaultNamingTheVariable() {
    InvalidSettingException refused =
        assertThrows(
            InvalidSettingException.class,
            () -> withDefaults(Map.of("parley.search.default-hits", 50, "parley.search.max-hits", 10)));
    assertEquals("PARLEY_SEARCH_MAX_HITS", refused.variable());
  }
}
