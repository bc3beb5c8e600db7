package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.JwtClaims;
import dev.parley.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code PARLEY_SESSION_MAX_AGE} over HTTP: a login's refresh tokens rotate until its maximum age,
 * none of them expires later, and the first refresh after it is refused.
 */
class SessionMaxAgeTest {
  private static final Duration MAX_AGE = Duration.ofSeconds(3);
  /** Between two refreshes while waiting for the session's end. */
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration DEADLINE = MAX_AGE.plusSeconds(15);
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.auth.session-max-age", MAX_AGE.toSeconds() + "s"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void refreshesWorkUntilTheLoginIsMaxAgeOldAndNotAfter() throws InterruptedException {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "ingrid");
    Instant sessionEnd = JwtClaims.authTime(user.refreshToken()).plus(MAX_AGE);
    Instant deadline = Instant.now().plus(DEADLINE);
    String token = user.refreshToken();
    int refreshes = 0;
    while (true) {
      Instant sent = Instant.now();
      HttpResponse<String> response = Accounts.post(node.httpUrl(), "/v1/auth/refresh", "{\"refreshToken\":\"" + token + "\"}");
      if (response.statusCode() == 401) {
        assertFalse(Instant.now().isBefore(sessionEnd), "refused before the session's end");
        break;
      }
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(sent.isBefore(sessionEnd), "refreshed after the session's end");
      token = Accounts.json(response).path("refreshToken").asText();
      assertFalse(JwtClaims.expiry(token).isAfter(sessionEnd), "a refresh token outlives its session");
      assertEquals(JwtClaims.authTime(user.refreshToken()), JwtClaims.authTime(token));
      refreshes++;
      assertTrue(Instant.now().isBefore(deadline), "still refreshing " + DEADLINE + " after the login");
      Thread.sleep(POLL.toMillis());
    }
    assertTrue(refreshes > 0, "not one refresh within the session");
  }
}
