package dev.parley.node.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jwt.SignedJWT;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment's tokens: only our own, unexpired, HS256, of the right type, pass; refresh tokens
 * carry their login's family and time through rotation, and never outlive the session's maximum age.
 */
class TokenServiceTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(START, ZoneOffset.UTC);
  private static final Duration SESSION_MAX_AGE = Duration.ofDays(45);
  private static final TokenSettings SETTINGS =
      new TokenSettings("parley", Duration.ofMinutes(15), Duration.ofDays(30), SESSION_MAX_AGE);
  /** 64 bytes: long enough that an HS512 signature could be verified with it. */
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final AuthenticatedUser ALICE = new AuthenticatedUser("u-alice", "alice", "Alice A.");

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final TokenService tokens = new TokenService(SECRET, SETTINGS, CLOCK);

  // Access tokens

  @Test
  void validAccessTokenGivesBackItsUser() {
    assertEquals(ALICE, tokens.verifyAccess(tokens.accessToken(ALICE)));
  }

  @Test
  void accessTokenIsValidUntilItsTtl() {
    String token = tokens.accessToken(ALICE);
    TokenService later =
        new TokenService(SECRET, SETTINGS, Clock.fixed(START.plus(Duration.ofMinutes(14)), ZoneOffset.UTC));

    assertEquals(ALICE, later.verifyAccess(token));
  }

  @Test
  void rejectsExpiredAccessToken() {
    String token = tokens.accessToken(ALICE);
    TokenService later =
        new TokenService(SECRET, SETTINGS, Clock.fixed(START.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));

    assertUnauthorized(() -> later.verifyAccess(token));
  }

  @Test
  void rejectsTokenSignedWithAnotherKey() {
    byte[] otherKey = SECRET.clone();
    otherKey[0] ^= 1;
    String forged = new TokenService(otherKey, SETTINGS, CLOCK).accessToken(ALICE);

    assertUnauthorized(() -> tokens.verifyAccess(forged));
  }

  @Test
  void rejectsTokenOfAnotherDeployment() {
    String foreign =
        new TokenService(SECRET, new TokenSettings("other-parley", Duration.ofMinutes(15), Duration.ofDays(30), SESSION_MAX_AGE), CLOCK)
            .accessToken(ALICE);

    assertUnauthorized(() -> tokens.verifyAccess(foreign));
  }

  @Test
  void rejectsTokenWithTamperedPayload() {
    String[] parts = tokens.accessToken(ALICE).split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String tampered = payload.replace("u-alice", "u-admin");
    assertNotEquals(payload, tampered);

    assertUnauthorized(() -> tokens.verifyAccess(parts[0] + "." + b64(tampered) + "." + parts[2]));
  }

  @Test
  void handMadeHs256TokenWithOurKeyIsAccepted() throws GeneralSecurityException {
    // Proves the hand-made tokens below are well-formed: only their one difference gets them refused.
    String token = handMade("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", accessClaims(), "HmacSHA256", SECRET);

    assertEquals(ALICE, tokens.verifyAccess(token));
  }

  @Test
  void rejectsAlgNoneToken() {
    String unsigned = b64("{\"alg\":\"none\"}") + "." + b64(accessClaims()) + ".";

    assertUnauthorized(() -> tokens.verifyAccess(unsigned));
  }

  @Test
  void rejectsAlgNoneTokenCarryingAValidSignature() {
    String[] parts = tokens.accessToken(ALICE).split("\\.");

    assertUnauthorized(() -> tokens.verifyAccess(b64("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2]));
  }

  @Test
  void rejectsHs512TokenSignedWithTheRightKey() throws GeneralSecurityException {
    String token = handMade("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", accessClaims(), "HmacSHA512", SECRET);

    assertUnauthorized(() -> tokens.verifyAccess(token));
  }

  @Test
  void rejectsAccessTokenWithoutExpiry() throws GeneralSecurityException {
    String claims =
        "{\"iss\":\"parley\",\"sub\":\"u-alice\",\"typ\":\"access\",\"usr\":\"alice\",\"dn\":\"Alice A.\"}";
    String token = handMade("{\"alg\":\"HS256\"}", claims, "HmacSHA256", SECRET);

    assertUnauthorized(() -> tokens.verifyAccess(token));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-token", "a.b.c", "...", "eyJhbGciOiJIUzI1NiJ9..", "e30.e30.e30"})
  void rejectsGarbage(String garbage) {
    assertUnauthorized(() -> tokens.verifyAccess(garbage));
    assertUnauthorized(() -> tokens.verifyRefresh(garbage));
  }

  @Test
  void rejectsNullToken() {
    assertUnauthorized(() -> tokens.verifyAccess(null));
  }

  // Refresh tokens

  @Test
  void accessClaimsTellWhenTheTokenExpires() {
    TokenService.AccessClaims claims = tokens.verifyAccessClaims(tokens.accessToken(ALICE));

    assertEquals(new TokenService.AccessClaims(ALICE, START.plus(Duration.ofMinutes(15))), claims);
  }

  @Test
  void validRefreshTokenGivesBackItsClaims() {
    TokenService.IssuedRefreshToken issued = tokens.refreshToken("u-alice", "alice");

    assertEquals(
        new TokenService.RefreshClaims("u-alice", "alice", issued.tokenId(), issued.familyId(), START),
        tokens.verifyRefresh(issued.token()));
    assertEquals(START.plus(Duration.ofDays(30)).toEpochMilli(), issued.expiresAt());
  }

  @Test
  void everyLoginStartsItsOwnFamily() {
    assertNotEquals(tokens.refreshToken("u-alice", "alice").familyId(), tokens.refreshToken("u-alice", "alice").familyId());
  }

  @Test
  void rotationKeepsTheFamilyAndTheLoginTime() {
    TokenService.IssuedRefreshToken first = tokens.refreshToken("u-alice", "alice");
    TokenService later = at(START.plus(Duration.ofDays(1)));

    TokenService.IssuedRefreshToken next = later.rotatedRefreshToken(later.verifyRefresh(first.token()));

    TokenService.RefreshClaims claims = later.verifyRefresh(next.token());
    assertNotEquals(first.tokenId(), claims.tokenId());
    assertEquals(first.familyId(), claims.familyId());
    assertEquals(first.familyId(), next.familyId());
    assertEquals(START, claims.authTime());
    assertEquals(START.plus(Duration.ofDays(31)).toEpochMilli(), next.expiresAt());
  }

  @Test
  void aRotatedTokenNeverOutlivesTheSessionsMaximumAge() {
    TokenService.IssuedRefreshToken first = tokens.refreshToken("u-alice", "alice");
    TokenService later = at(START.plus(Duration.ofDays(29)));

    TokenService.IssuedRefreshToken next = later.rotatedRefreshToken(later.verifyRefresh(first.token()));

    assertEquals(START.plus(SESSION_MAX_AGE).toEpochMilli(), next.expiresAt());
    assertEquals(START.plus(SESSION_MAX_AGE).toEpochMilli(), expiry(next.token()));
  }

  @Test
  void aRefreshAfterTheSessionsMaximumAgeIsRefused() {
    TokenService.IssuedRefreshToken first = tokens.refreshToken("u-alice", "alice");
    TokenService.IssuedRefreshToken last = at(START.plus(Duration.ofDays(29))).rotatedRefreshToken(tokens.verifyRefresh(first.token()));

    assertDoesNotThrow(() -> at(START.plus(SESSION_MAX_AGE).minusSeconds(1)).verifyRefresh(last.token()));
    assertUnauthorized(() -> at(START.plus(SESSION_MAX_AGE)).verifyRefresh(last.token()));
  }

  @Test
  void aSessionMaxAgeShorterThanTheRefreshTtlEndsTheFirstTokenToo() {
    TokenService shortSessions =
        new TokenService(SECRET, new TokenSettings("parley", Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofHours(8)), CLOCK);

    TokenService.IssuedRefreshToken issued = shortSessions.refreshToken("u-alice", "alice");

    assertEquals(START.plus(Duration.ofHours(8)).toEpochMilli(), issued.expiresAt());
  }

  /** Tokens issued before families: no {@code fam} and no {@code auth_time}. */
  @Test
  void aRefreshTokenWithoutFamilyIsItsOwnFamilyLoggedInWhenIssued() throws GeneralSecurityException {
    long issuedAt = START.minus(Duration.ofDays(2)).getEpochSecond();
    String claims =
        "{\"iss\":\"parley\",\"sub\":\"u-alice\",\"iat\":" + issuedAt + ",\"exp\":" + (issuedAt + Duration.ofDays(30).toSeconds())
            + ",\"jti\":\"r-old\",\"typ\":\"refresh\",\"usr\":\"alice\"}";
    String token = handMade("{\"alg\":\"HS256\"}", claims, "HmacSHA256", SECRET);

    assertEquals(
        new TokenService.RefreshClaims("u-alice", "alice", "r-old", "r-old", Instant.ofEpochSecond(issuedAt)),
        tokens.verifyRefresh(token));
  }

  @Test
  void identifyingARefreshTokenAcceptsAnExpiredOneButNoForgery() {
    TokenService.IssuedRefreshToken issued = tokens.refreshToken("u-alice", "alice");
    TokenService muchLater = at(START.plus(Duration.ofDays(400)));
    byte[] otherKey = SECRET.clone();
    otherKey[0] ^= 1;

    assertUnauthorized(() -> muchLater.verifyRefresh(issued.token()));
    assertEquals(issued.familyId(), muchLater.identifyRefresh(issued.token()).familyId());
    assertUnauthorized(() -> tokens.identifyRefresh(new TokenService(otherKey, SETTINGS, CLOCK).refreshToken("u-alice", "alice").token()));
    assertUnauthorized(() -> tokens.identifyRefresh(tokens.accessToken(ALICE)));
  }

  @Test
  void everyRefreshTokenHasItsOwnId() {
    assertNotEquals(tokens.refreshToken("u-alice", "alice").tokenId(), tokens.refreshToken("u-alice", "alice").tokenId());
  }

  @Test
  void rejectsExpiredRefreshToken() {
    String token = tokens.refreshToken("u-alice", "alice").token();
    TokenService later =
        new TokenService(SECRET, SETTINGS, Clock.fixed(START.plus(Duration.ofDays(31)), ZoneOffset.UTC));

    assertUnauthorized(() -> later.verifyRefresh(token));
  }

  @Test
  void rejectsRefreshTokenUsedAsAccessToken() {
    String refresh = tokens.refreshToken("u-alice", "alice").token();

    assertUnauthorized(() -> tokens.verifyAccess(refresh));
  }

  @Test
  void rejectsAccessTokenUsedAsRefreshToken() {
    String access = tokens.accessToken(ALICE);

    assertUnauthorized(() -> tokens.verifyRefresh(access));
  }

  // The key

  @Test
  void rejectsSecretShorterThan32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> new TokenService(Arrays.copyOf(SECRET, 31), SETTINGS, CLOCK));
    assertDoesNotThrow(() -> new TokenService(Arrays.copyOf(SECRET, 32), SETTINGS, CLOCK));
  }

  // Helpers

  private static TokenService at(Instant now) {
    return new TokenService(SECRET, SETTINGS, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static long expiry(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().getTime();
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertUnauthorized(Executable verification) {
    ProtocolException e = assertThrows(ProtocolException.class, verification);
    assertEquals(ErrorCode.UNAUTHORIZED, e.code());
  }

  /** The claims of a valid access token of Alice, as JSON. */
  private static String accessClaims() {
    long now = START.getEpochSecond();
    return "{\"iss\":\"parley\",\"sub\":\"u-alice\",\"iat\":" + now + ",\"exp\":" + (now + 600)
        + ",\"typ\":\"access\",\"usr\":\"alice\",\"dn\":\"Alice A.\"}";
  }

  private static String handMade(String header, String claims, String macAlgorithm, byte[] key)
      throws GeneralSecurityException {
    String signingInput = b64(header) + "." + b64(claims);
    Mac mac = Mac.getInstance(macAlgorithm);
    mac.init(new SecretKeySpec(key, macAlgorithm));
    return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String b64(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
