package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.JwtClaims;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.protocol.CloseCode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket lives as long as the access token it was last authenticated with: closed with 4001
 * when that expires, unless the client sent a fresher token of the same user ({@code auth} again).
 */
class SocketTokenExpiryTest {
  private static final Duration ACCESS_TOKEN_TTL = Duration.ofSeconds(5);
  /** How much later than the first the fresh token must expire, to tell the two closes apart. */
  private static final Duration LATER = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.auth.access-token-ttl", ACCESS_TOKEN_TTL.toSeconds() + "s"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aSocketIsClosedWith4001WhenItsTokenExpiresAndOneThatReauthenticatedLivesOn() throws InterruptedException {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "olga");
    Instant firstExpiry = JwtClaims.expiry(user.accessToken());
    try (WsClient stale = WsClient.authenticated(node.wsUrl(), user.accessToken());
        WsClient renewed = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      String fresh = accessTokenExpiringAfter(user.refreshToken(), firstExpiry.plus(LATER));
      assertEquals(JSON.createObjectNode(), renewed.ok("auth", n -> n.put("token", fresh)));

      assertEquals(CloseCode.AUTH_FAILED, stale.awaitClose());
      assertFalse(Instant.now().isBefore(firstExpiry), "closed before its token expired");
      assertFalse(renewed.isClosed());
      renewed.ok("ping", n -> {});

      assertEquals(CloseCode.AUTH_FAILED, renewed.awaitClose());
      assertFalse(Instant.now().isBefore(JwtClaims.expiry(fresh)), "closed before its fresh token expired");
    }
  }

  @Test
  void reauthenticationWithABadTokenOrAnotherUsersIsRefusedAndTheSocketCarriesOn() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "pia");
    Accounts.User other = Accounts.newUser(node.httpUrl(), "quinn");
    try (WsClient socket = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      JsonNode foreign = socket.request("auth", n -> n.put("token", other.accessToken()));
      assertEquals("forbidden", foreign.path("code").asText(), foreign::toString);
      JsonNode refresh = socket.request("auth", n -> n.put("token", user.refreshToken()));
      assertEquals("unauthorized", refresh.path("code").asText(), refresh::toString);

      socket.ok("ping", n -> {});
      assertFalse(socket.isClosed());
    }
  }

  /** Refreshes until the pair's access token expires at {@code notBefore} or later. */
  private static String accessTokenExpiringAfter(String refreshToken, Instant notBefore) throws InterruptedException {
    Instant deadline = Instant.now().plus(WsClient.TIMEOUT);
    String refresh = refreshToken;
    while (true) {
      HttpResponse<String> response = Accounts.post(node.httpUrl(), "/v1/auth/refresh", "{\"refreshToken\":\"" + refresh + "\"}");
      assertEquals(200, response.statusCode(), response.body());
      JsonNode pair = Accounts.json(response);
      String access = pair.path("accessToken").asText();
      if (!JwtClaims.expiry(access).isBefore(notBefore)) {
        return access;
      }
      refresh = pair.path("refreshToken").asText();
      assertTrue(Instant.now().isBefore(deadline), "no token expiring at " + notBefore + " within " + WsClient.TIMEOUT);
      Thread.sleep(POLL.toMillis());
    }
  }
}
