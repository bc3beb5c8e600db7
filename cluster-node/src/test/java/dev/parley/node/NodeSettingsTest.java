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

  /** What the example files used to ship was accepted as the deployment's token key. */
  @Test
  void placeholderOrGuessableSecretsStopTheStartNamingTheVariableButNotTheValue() {
    String placeholder = "change-me-to-at-least-32-random-bytes-0000";
    InvalidSettingException token =
        assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.auth.token-secret", placeholder)));
    assertTrue(token.getMessage().contains("PARLEY_TOKEN_SECRET"), token.getMessage());
    assertTrue(!token.getMessage().contains(placeholder), token.getMessage());
    InvalidSettingException admin =
        assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.admin.token", "adminadminadminadmin")));
    assertTrue(admin.getMessage().contains("PARLEY_ADMIN_TOKEN"), admin.getMessage());
    assertEquals(40, with(Map.of("parley.auth.token-secret", "kT3x9QwZ2mVb7RfJ4hLp8sNc1YdG6uEaXo0Wq5Ti")).tokenSecret().length);
  }

  @Test
  void sessionsLast30DaysUnlessPARLEY_SESSION_MAX_AGESaysOtherwise() {
    assertEquals(Duration.ofDays(30), with(Map.of()).sessionMaxAge());
    assertEquals(Duration.ofHours(12), with(Map.of("parley.auth.session-max-age", "12h")).sessionMaxAge());
  }

  @Test
  void aSessionMaxAgeThatIsNotAPositiveDurationStopsTheStartNamingTheVariable() {
    for (String bad : new String[] {"forever", "0s", "-1d"}) {
      InvalidSettingException e =
          assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.auth.session-max-age", bad)));
      assertTrue(e.getMessage().contains("PARLEY_SESSION_MAX_AGE"), e.getMessage());
    }
  }
}
