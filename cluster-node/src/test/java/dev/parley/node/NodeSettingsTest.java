package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.node.api.WebClientSettings;
import dev.parley.seed.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings as an operator sets them: defaults, overrides, and refusals naming the variable. */
class NodeSettingsTest {

  private static NodeSettings with(Map<String, Object> overrides) {
    Config config = ConfigFactory.load(ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    return NodeSettings.from(config);
  }

  @Test
  void webClientDefaultsToNoOtherNodesAndA20SecondHeartbeat() {
    assertEquals(new WebClientSettings(List.of(), Duration.ofSeconds(20), Duration.ofSeconds(10)), with(Map.of()).webClient());
  }

  @Test
  void webNodesBecomeOriginsAndHeartbeatsTakeDurations() {
    WebClientSettings web =
        with(
                Map.of(
                    "parley.http.web-nodes", "http://127.0.0.2:8080/, http://127.0.0.3:8081/x",
                    "parley.web.heartbeat-interval", "500ms",
                    "parley.web.heartbeat-timeout", "2s"))
            .webClient();
    assertEquals(new WebClientSettings(List.of("http://127.0.0.2:8080", "http://127.0.0.3:8081"), Duration.ofMillis(500), Duration.ofSeconds(2)), web);
  }

  @Test
  void aHeartbeatThatIsNotAPositiveDurationStopsTheStartNamingTheVariable() {
    InvalidSettingException notDuration =
        assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.web.heartbeat-interval", "soon")));
    assertTrue(notDuration.getMessage().contains("PARLEY_WEB_HEARTBEAT_INTERVAL"), notDuration.getMessage());
    assertTrue(notDuration.getMessage().contains("duration"), notDuration.getMessage());
    InvalidSettingException zero = assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.web.heartbeat-timeout", "0s")));
    assertTrue(zero.getMessage().contains("PARLEY_WEB_HEARTBEAT_TIMEOUT"), zero.getMessage());
  }

  @Test
  void managementListensWhereTheClusterDoesUnlessToldOtherwise() {
    NodeSettings defaults = with(Map.of("parley.cluster.host", "10.1.2.3"));
    assertEquals("10.1.2.3", defaults.managementHost());
    assertEquals("0.0.0.0", defaults.httpHost());
    assertEquals("0.0.0.0", with(Map.of("parley.cluster.host", "10.1.2.3", "parley.management.host", "0.0.0.0")).managementHost());
  }
}
