package dev.parley.node.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.node.Ids;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Makes and checks the deployment's tokens: HS256 JWTs signed with the deployment's secret. Only
 * HS256 is accepted (no {@code alg: none}, no algorithm chosen by the token), and the token type
 * is checked so a refresh token never passes as an access token or the other way round.
 *
 * <p>Every login starts a family of refresh tokens: its id and the login time ({@code auth_time})
 * are signed into each refresh token and kept by rotation, so a spent token can be traced to the
 * login it came from, and no rotation can carry a session past {@code sessionMaxAge}.
 */
public final class TokenService {
  private static final String TYPE = "typ";
  private static final String USERNAME = "usr";
  private static final String DISPLAY_NAME = "dn";
  private static final String FAMILY = "fam";
  private static final String AUTH_TIME = "auth_time";
  private static final String ACCESS = "access";
  private static final String REFRESH = "refresh";

  /**
   * A refresh token signed by this deployment: whose, which one, its family and when its login
   * was. Tokens issued before families existed carry neither: such a token is its own family and
   * its login time is its issue time.
   */
  public record RefreshClaims(String userId, String username, String tokenId, String familyId, Instant authTime) {}

  /** A freshly signed refresh token, its id and family. */
  public record IssuedRefreshToken(String token, String tokenId, String familyId, long expiresAt) {}

  /** A valid access token: whose, and until when (null: never, as a bot's token, see {@link BotAuthenticator}). */
  public record AccessClaims(AuthenticatedUser user, Instant expiresAt) {}

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final TokenSettings settings;
  private final Clock clock;

  /** {@code secret} must be at least 32 bytes (HS256 needs 256 bits). */
  public TokenService(byte[] secret, TokenSettings settings, Clock clock) {
    try {
      this.signer = new MACSigner(secret);
      this.verifier = new MACVerifier(secret);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the token secret must be at least 32 bytes");
    }
    this.settings = settings;
    this.clock = clock;
  }

  public TokenSettings settings() {
    return settings;
  }

  /** An access token of {@code user}, naming its login ({@code familyId}) when it has one. */
  public String accessToken(AuthenticatedUser user) {
    JWTClaimsSet.Builder claims =
        base(user.userId(), clock.millis() + settings.accessTokenTtl().toMillis())
            .claim(TYPE, ACCESS)
            .claim(USERNAME, user.username())
            .claim(DISPLAY_NAME, user.displayName());
    if (user.familyId() != null) {
      claims.claim(FAMILY, user.familyId());
    }
    return sign(claims.build());
  }

  /** The first refresh token of a login: a new family, logged in now. */
  public IssuedRefreshToken refreshToken(String userId, String username) {
    return refreshToken(userId, username, Ids.random('f'), Instant.ofEpochSecond(clock.instant().getEpochSecond()));
  }

  /** The successor of {@code spent}: same family, same login time. */
  public IssuedRefreshToken rotatedRefreshToken(RefreshClaims spent) {
    return refreshToken(spent.userId(), spent.username(), spent.familyId(), spent.authTime());
  }

  private IssuedRefreshToken refreshToken(String userId, String username, String familyId, Instant authTime) {
    String tokenId = Ids.random('r');
    long expiresAt =
        Math.min(clock.millis() + settings.refreshTokenTtl().toMillis(), sessionEnd(authTime).toEpochMilli());
    JWTClaimsSet claims =
        base(userId, expiresAt)
            .jwtID(tokenId)
            .claim(TYPE, REFRESH)
            .claim(USERNAME, username)
            .claim(FAMILY, familyId)
            .claim(AUTH_TIME, authTime.getEpochSecond())
            .build();
    return new IssuedRefreshToken(sign(claims), tokenId, familyId, expiresAt);
  }

  /** The user of a valid access token; {@code unauthorized} for anything else. */
  public AuthenticatedUser verifyAccess(String token) {
    return verifyAccessClaims(token).user();
  }

  /** A valid access token's user and expiry; {@code unauthorized} for anything else. */
  public AccessClaims verifyAccessClaims(String token) {
    JWTClaimsSet claims = verify(token, ACCESS, true).orElseThrow(TokenService::unauthorized);
    try {
      String username = claims.getStringClaim(USERNAME);
      String displayName = claims.getStringClaim(DISPLAY_NAME);
      if (username == null) {
        throw unauthorized();
      }
      return new AccessClaims(
          new AuthenticatedUser(
              claims.getSubject(), username, displayName == null ? username : displayName, claims.getStringClaim(FAMILY)),
          claims.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw unauthorized();
    }
  }

  /** A refresh token that may be spent: unexpired and within its session's maximum age. */
  public RefreshClaims verifyRefresh(String token) {
    RefreshClaims claims = refreshClaims(verify(token, REFRESH, true).orElseThrow(TokenService::unauthorized));
    if (!clock.instant().isBefore(sessionEnd(claims.authTime()))) {
      throw unauthorized();
    }
    return claims;
  }

  /**
   * A refresh token this deployment signed, expired or not: enough to name the family a client
   * logs out of, since a token past its time can no longer do harm but its family may.
   */
  public RefreshClaims identifyRefresh(String token) {
    return refreshClaims(verify(token, REFRESH, false).orElseThrow(TokenService::unauthorized));
  }

  private static RefreshClaims refreshClaims(JWTClaimsSet claims) {
    try {
      String username = claims.getStringClaim(USERNAME);
      String tokenId = claims.getJWTID();
      if (username == null || tokenId == null || claims.getIssueTime() == null) {
        throw unauthorized();
      }
      String familyId = claims.getStringClaim(FAMILY);
      Long authTime = claims.getLongClaim(AUTH_TIME);
      return new RefreshClaims(
          claims.getSubject(),
          username,
          tokenId,
          familyId == null ? tokenId : familyId,
          authTime == null ? claims.getIssueTime().toInstant() : Instant.ofEpochSecond(authTime));
    } catch (ParseException e) {
      throw unauthorized();
    }
  }

  private Instant sessionEnd(Instant authTime) {
    return authTime.plus(settings.sessionMaxAge());
  }

  private JWTClaimsSet.Builder base(String userId, long expiresAt) {
    return new JWTClaimsSet.Builder()
        .issuer(settings.issuer())
        .subject(userId)
        .issueTime(new Date(clock.millis()))
        .expirationTime(new Date(expiresAt));
  }

  private String sign(JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a token failed", e);
    }
    return jwt.serialize();
  }

  /** {@code unexpired}: whether the token must also be within its lifetime. */
  private Optional<JWTClaimsSet> verify(String token, String expectedType, boolean unexpired) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      boolean valid =
          expires != null
              && (!unexpired || expires.getTime() > clock.millis())
              && settings.issuer().equals(claims.getIssuer())
              && claims.getSubject() != null
              && expectedType.equals(claims.getStringClaim(TYPE));
      return valid ? Optional.of(claims) : Optional.empty();
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static ProtocolException unauthorized() {
    return new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid or expired token");
  }
}
