package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.node.auth.FailureBudget;
import dev.parley.node.auth.LoginThrottleSettings;
import dev.parley.node.boot.NodeSettings;
import dev.parley.node.http.WebClientSettings;
import dev.parley.node.net.Cidr;
import dev.parley.node.transport.SocketLimits;
import dev.parley.protocol.BuildInfo;
import dev.parley.seed.InvalidSettingException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Settings as an operator sets them (the web client, trusted proxies, the public URL, the login
 * throttle): defaults, overrides, and refusals naming the variable.
 */
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
  void theAppVersionIsTheBuildsUnlessPARLEY_APP_VERSIONNamesOne() {
    assertEquals(BuildInfo.CURRENT.version(), with(Map.of()).appVersion());
    assertEquals("1.4.2-RC1", with(Map.of("parley.app-version", " 1.4.2-RC1 ")).appVersion());
    InvalidSettingException spaced = assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.app-version", "1.4 beta")));
    assertTrue(spaced.getMessage().contains("PARLEY_APP_VERSION"), spaced.getMessage());
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

  @Test
  void noProxyIsTrustedUnlessListed() {
    assertEquals(List.of(), with(Map.of()).trustedProxies());
    assertEquals(
        List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.0.2.7/32")),
        with(Map.of("parley.http.trusted-proxies", "10.0.0.0/8, fd00::/8,192.0.2.7")).trustedProxies());
  }

  @Test
  void anInvalidTrustedProxyStopsTheStartNamingTheVariable() {
    for (String value : new String[] {"10.0.0.0/33", "proxy.example.com", "10.0.0.0/8; 10.1.0.0/16"}) {
      InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.http.trusted-proxies", value)));
      assertTrue(refused.getMessage().contains("PARLEY_TRUSTED_PROXIES"), refused.getMessage());
      assertTrue(refused.getMessage().contains("CIDR"), refused.getMessage());
    }
  }

  @Test
  void thePublicUrlIsAnOriginOrNothing() {
    assertEquals("", with(Map.of()).publicUrl());
    assertEquals("https://chat.example.com", with(Map.of("parley.http.public-url", "https://chat.example.com/")).publicUrl());
    assertEquals("http://10.0.0.1:8080", with(Map.of("parley.http.public-url", "http://10.0.0.1:8080")).publicUrl());
    for (String value : new String[] {"chat.example.com", "ftp://chat.example.com", "https://chat.example.com/parley", "https://user@chat.example.com", "https://chat.example.com/?a=b", "https://"}) {
      InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.http.public-url", value)), value);
      assertTrue(refused.getMessage().contains("PARLEY_PUBLIC_URL"), refused.getMessage());
    }
  }

  @Test
  void loginBudgetsHaveDefaultsAndNameTheirVariablesWhenWrong() {
    LoginThrottleSettings login = with(Map.of()).loginThrottle();
    assertEquals(new FailureBudget(5, Duration.ofMinutes(5)), login.perAccountAndAddress());
    assertEquals(new FailureBudget(20, Duration.ofMinutes(2)), login.perAccount());
    assertEquals(new FailureBudget(50, Duration.ofMinutes(1)), login.perAddress());
    assertEquals(Duration.ofDays(30), login.knownAddressFor());
    Map<String, String> variables =
        Map.of(
            "parley.auth.login.per-account-and-address.failures", "PARLEY_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS",
            "parley.auth.login.per-account.refill-every", "PARLEY_LOGIN_REFILL_PER_ACCOUNT",
            "parley.auth.login.per-address.failures", "PARLEY_LOGIN_FAILURES_PER_ADDRESS",
            "parley.auth.login.known-address-for", "PARLEY_LOGIN_KNOWN_ADDRESS_FOR");
    variables.forEach(
        (path, variable) -> {
          InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> with(Map.of(path, "0")));
          assertTrue(refused.getMessage().contains(variable), refused.getMessage());
        });
  }

  @Test
  void managementListensWhereTheClusterDoesUnlessToldOtherwise() {
    NodeSettings defaults = with(Map.of("parley.cluster.host", "10.1.2.3"));
    assertEquals("10.1.2.3", defaults.managementHost());
    assertEquals("0.0.0.0", defaults.httpHost());
    assertEquals("0.0.0.0", with(Map.of("parley.cluster.host", "10.1.2.3", "parley.management.host", "0.0.0.0")).managementHost());
  }

  @Test
  void socketCapsHaveDefaultsAndTheirVariablesAreChecked() {
    assertEquals(new SocketLimits(20_000, 200, 20), with(Map.of()).socketLimits());
    assertEquals(
        new SocketLimits(5_000, 1_000, 50),
        with(
                Map.of(
                    "parley.http.max-connections", "5000",
                    "parley.connection.max-per-address", "1000",
                    "parley.connection.max-unauthenticated-per-address", "50"))
            .socketLimits());
    Map<String, String> variables =
        Map.of(
            "parley.http.max-connections", "PARLEY_MAX_CONNECTIONS",
            "parley.connection.max-per-address", "PARLEY_MAX_CONNECTIONS_PER_ADDRESS",
            "parley.connection.max-unauthenticated-per-address", "PARLEY_MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS");
    variables.forEach(
        (path, variable) -> {
          for (String bad : new String[] {"0", "many", "-5"}) {
            InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> with(Map.of(path, bad)));
            assertTrue(refused.getMessage().contains(variable), refused.getMessage());
          }
        });
    InvalidSettingException tooFew =
        assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.http.max-connections", "19")));
    assertTrue(tooFew.getMessage().contains("PARLEY_MAX_CONNECTIONS") && tooFew.getMessage().contains("at least 20"), tooFew.getMessage());
  }
}
