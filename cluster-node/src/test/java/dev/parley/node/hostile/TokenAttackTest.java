package dev.parley.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.RawWebSocket;
import dev.parley.node.testing.TestNode;
import dev.parley.protocol.CloseCode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens that must not open a session: forged, expired, unsigned, tampered, from another
 * deployment, of the wrong type, or not tokens at all. Over WebSocket each gets {@code error}
 * {@code unauthorized} and then the close code 4001; at {@code /v1/auth/refresh}, 401
 * {@code unauthorized}. A stolen refresh token spent after its owner moved on revokes the login
 * it came from. No answer and no log line carries the token or the deployment's secret.
 */
class TokenAttackTest {
  /** Long enough for HS512 too, so the algorithm-confusion case can be signed with it. */
  private static final String SECRET = "the token secret of the deployment under attack, 64 bytes or more!";
  private static final String OTHER_DEPLOYMENT_SECRET = "the token secret of some other Parley deployment, as long as this";
  private static final Duration VALID = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestNode node;
  private static LogCapture log;
  private static Accounts.User victim;
  private static Accounts.User attacker;

  @BeforeAll
  static void start() {
    log = LogCapture.attach(Level.INFO);
    node = TestNode.startH2(Map.of("parley.auth.token-secret", SECRET));
    victim = Accounts.newUser(node.httpUrl(), "victim");
    attacker = Accounts.newUser(node.httpUrl(), "attacker");
  }

  @AfterAll
  static void stop() {
    log.close();
    node.close();
  }

  static Stream<Arguments> accessTokenAttacks() {
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    JWTClaimsSet claims = ForgedTokens.access(victim.userId(), victim.username(), VALID).build();
    String own = attacker.accessToken();
    return Stream.of(
        Arguments.of("expired", ForgedTokens.signed(secret, JWSAlgorithm.HS256, ForgedTokens.access(victim.userId(), victim.username(), Duration.ofMinutes(-1)).build())),
        Arguments.of("signed with a random key", ForgedTokens.signed(randomKey(), JWSAlgorithm.HS256, claims)),
        Arguments.of("from another deployment", ForgedTokens.signed(OTHER_DEPLOYMENT_SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256, claims)),
        Arguments.of("alg none", ForgedTokens.unsigned(claims)),
        Arguments.of("alg none over a real signature", ForgedTokens.withHeader(ForgedTokens.withPayload(own, claims), "{\"alg\":\"none\"}")),
        Arguments.of("HS256 without its signature", ForgedTokens.withoutSignature(ForgedTokens.signed(secret, JWSAlgorithm.HS256, claims))),
        Arguments.of("HS512 with the deployment's secret", ForgedTokens.signed(secret, JWSAlgorithm.HS512, claims)),
        Arguments.of("tampered payload (sub of another user)", ForgedTokens.withPayload(own, claims)),
        Arguments.of("another issuer, the deployment's secret", ForgedTokens.signed(secret, JWSAlgorithm.HS256, ForgedTokens.access(victim.userId(), victim.username(), VALID).issuer("elsewhere").build())),
        Arguments.of("no expiry, the deployment's secret", ForgedTokens.signed(secret, JWSAlgorithm.HS256, ForgedTokens.access(victim.userId(), victim.username(), VALID).expirationTime(null).build())),
        Arguments.of("a refresh token", attacker.refreshToken()),
        Arguments.of("garbage", "not-a-token"),
        Arguments.of("three segments of garbage", "eyJub3Q.anNvbg.c2ln"),
        Arguments.of("empty", ""));
  }

  static Stream<Arguments> refreshTokenAttacks() {
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    JWTClaimsSet claims = ForgedTokens.refresh(victim.userId(), victim.username(), VALID).build();
    return Stream.of(
        Arguments.of("an access token", attacker.accessToken()),
        Arguments.of("expired", ForgedTokens.signed(secret, JWSAlgorithm.HS256, ForgedTokens.refresh(victim.userId(), victim.username(), Duration.ofMinutes(-1)).build())),
        Arguments.of("signed with a random key", ForgedTokens.signed(randomKey(), JWSAlgorithm.HS256, claims)),
        Arguments.of("from another deployment", ForgedTokens.signed(OTHER_DEPLOYMENT_SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256, claims)),
        Arguments.of("alg none", ForgedTokens.unsigned(claims)),
        Arguments.of("tampered payload (sub of another user)", ForgedTokens.withPayload(attacker.refreshToken(), claims)),
        Arguments.of("never issued, the deployment's secret", ForgedTokens.signed(secret, JWSAlgorithm.HS256, claims)),
        Arguments.of("garbage", "not-a-token"),
        Arguments.of("empty", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("accessTokenAttacks")
  void aBadTokenInAuthIsUnauthorizedThenClosedWith4001(String attack, String token) {
    int mark = log.mark();
    try (RawWebSocket socket = RawWebSocket.connect(port(), 1 << 16)) {
      socket.sendText(JSON.createObjectNode().put("op", "auth").put("ref", "a").put("token", token).toString());
      JsonNode reply = json(socket.readReply("a"));
      assertEquals("error", reply.path("op").asText(), reply::toString);
      assertEquals("unauthorized", reply.path("code").asText(), reply::toString);
      assertNoLeak(token, reply.path("message").asText());
      RawWebSocket.Frame close = socket.readUntilClose();
      assertEquals(CloseCode.AUTH_FAILED, close.closeCode());
      assertNoLeak(token, close.text());
    }
    assertNoLeak(token, String.join("\n", log.eventsSince(mark)));
  }

  /**
   * The forger is faithful: signed with the deployment's own secret, its token opens a session, so
   * each refusal above is for the attack's reason and not for a malformed forgery.
   */
  @Test
  void aTokenForgedWithTheDeploymentsOwnSecretIsAccepted() {
    String token =
        ForgedTokens.signed(
            SECRET.getBytes(StandardCharsets.UTF_8), JWSAlgorithm.HS256, ForgedTokens.access(victim.userId(), victim.username(), VALID).build());
    try (RawWebSocket socket = RawWebSocket.connect(port(), 1 << 16)) {
      socket.sendText(JSON.createObjectNode().put("op", "auth").put("ref", "a").put("token", token).toString());
      JsonNode reply = json(socket.readReply("a"));
      assertEquals("ok", reply.path("op").asText(), reply::toString);
      assertEquals(victim.userId(), reply.path("data").path("user").path("id").asText());
    }
  }

  /**
   * A token too large for a frame never reaches authentication: the contract's frame limit answers
   * first, with 1009, and nothing of the token is read.
   */
  @Test
  void aTokenLargerThanAFrameIsClosedWith1009() {
    String token = "e".repeat(100 * 1024);
    try (RawWebSocket socket = RawWebSocket.connect(port(), 1 << 16)) {
      socket.sendText("{\"op\":\"auth\",\"ref\":\"a\",\"token\":\"" + token + "\"}");
      assertEquals(CloseCode.TOO_BIG, socket.readUntilClose().closeCode());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refreshTokenAttacks")
  void aBadRefreshTokenIsUnauthorized(String attack, String token) {
    int mark = log.mark();
    HttpResponse<String> response =
        Accounts.post(node.httpUrl(), "/v1/auth/refresh", JSON.createObjectNode().put("refreshToken", token).toString());
    assertEquals(401, response.statusCode(), response.body());
    assertEquals("unauthorized", Accounts.json(response).path("code").asText(), response.body());
    assertNoLeak(token, response.body());
    assertNoLeak(token, String.join("\n", log.eventsSince(mark)));
  }

  /**
   * The thief or the owner spends a refresh token the login already moved past: neither can be
   * told from the other, so the login is revoked (its newest token is refused too) with one WARN
   * line naming the user and the login's family, and none showing a token.
   */
  @Test
  void aSpentRefreshTokenSpentAgainRevokesItsLoginWithOneWarningThatShowsNoToken() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    String stolen = owner.refreshToken();
    String second = refreshed(stolen);
    String newest = refreshed(second);
    int mark = log.mark();

    HttpResponse<String> reuse = refresh(stolen);
    assertEquals(401, reuse.statusCode(), reuse.body());
    assertEquals(401, refresh(newest).statusCode());

    List<String> lines = log.eventsSince(mark);
    List<String> warnings = lines.stream().filter(line -> line.startsWith("WARN") && line.contains(owner.userId())).toList();
    assertEquals(1, warnings.size(), lines::toString);
    assertTrue(warnings.get(0).contains(family(stolen)), warnings.get(0));
    for (String token : List.of(stolen, second, newest)) {
      assertNoLeak(token, reuse.body());
      assertNoLeak(token, String.join("\n", lines));
    }
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return Accounts.post(node.httpUrl(), "/v1/auth/refresh", JSON.createObjectNode().put("refreshToken", refreshToken).toString());
  }

  private static String refreshed(String refreshToken) {
    HttpResponse<String> response = refresh(refreshToken);
    assertEquals(200, response.statusCode(), response.body());
    return Accounts.json(response).path("refreshToken").asText();
  }

  /** The family claim of a refresh token. */
  private static String family(String refreshToken) {
    String payload = new String(Base64.getUrlDecoder().decode(refreshToken.split("\\.")[1]), StandardCharsets.UTF_8);
    return json(payload).path("fam").asText();
  }

  /** Neither the secret nor the token, nor any long part of it (a signature, a payload), may show. */
  private static void assertNoLeak(String token, String text) {
    assertFalse(text.contains(SECRET), "the secret leaked: " + text);
    List<String> parts = Stream.concat(Stream.of(token), Arrays.stream(token.split("\\."))).filter(p -> p.length() >= 16).toList();
    for (String part : parts) {
      assertFalse(text.contains(part), () -> "the token leaked: " + text);
    }
    assertFalse(text.contains("ERROR "), () -> "an error was logged: " + text);
  }

  private static int port() {
    return URI.create(node.httpUrl()).getPort();
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
