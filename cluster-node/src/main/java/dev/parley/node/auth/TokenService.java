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
import java.util.Date;
import java.util.Optional;

/**
 * Makes and checks the deployment's tokens: HS256 JWTs signed with the deployment's secret. Only
 * HS256 is accepted (no {@code alg: none}, no algorithm chosen by the token), and the token type
 * is checked so a refresh token never passes as an access token or the other way round.
 */
public final class TokenService {
  private static final String TYPE = "typ";
  private static final String USERNAME = "usr";
  private static final String DISPLAY_NAME = "dn";
  private static final String ACCESS = "access";
  private static final String REFRESH = "refresh";

  /** A verified refresh token: whose, and which one. */
  public record RefreshClaims(String userId, String username, String tokenId) {}

  /** A freshly signed refresh token and its id. */
  public record IssuedRefreshToken(String token, String tokenId, long expiresAt) {}

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

  public String accessToken(AuthenticatedUser user) {
    JWTClaimsSet claims =
        base(user.userId(), settings.accessTokenTtl().toMillis())
            .claim(TYPE, ACCESS)
            .claim(USERNAME, user.username())
            .claim(DISPLAY_NAME, user.displayName())
            .build();
    return sign(claims);
  }

  public IssuedRefreshToken refreshToken(String userId, String username) {
    String tokenId = Ids.random('r');
    long expiresAt = clock.millis() + settings.refreshTokenTtl().toMillis();
    JWTClaimsSet claims =
        base(userId, settings.refreshTokenTtl().toMillis())
            .jwtID(tokenId)
            .claim(TYPE, REFRESH)
            .claim(USERNAME, username)
            .build();
    return new IssuedRefreshToken(sign(claims), tokenId, expiresAt);
  }

  /** The user of a valid access token; {@code unauthorized} for anything else. */
  public AuthenticatedUser verifyAccess(String token) {
    JWTClaimsSet claims = verify(token, ACCESS).orElseThrow(TokenService::unauthorized);
    try {
      String username = claims.getStringClaim(USERNAME);
      String displayName = claims.getStringClaim(DISPLAY_NAME);
      if (username == null) {
        throw unauthorized();
      }
      return new AuthenticatedUser(claims.getSubject(), username, displayName == null ? username : displayName);
    } catch (ParseException e) {
      throw unauthorized();
    }
  }

  public RefreshClaims verifyRefresh(String token) {
    JWTClaimsSet claims = verify(token, REFRESH).orElseThrow(TokenService::unauthorized);
    try {
      String username = claims.getStringClaim(USERNAME);
      if (username == null || claims.getJWTID() == null) {
        throw unauthorized();
      }
      return new RefreshClaims(claims.getSubject(), username, claims.getJWTID());
    } catch (ParseException e) {
      throw unauthorized();
    }
  }

  private JWTClaimsSet.Builder base(String userId, long ttlMillis) {
    long now = clock.millis();
    return new JWTClaimsSet.Builder()
        .issuer(settings.issuer())
        .subject(userId)
        .issueTime(new Date(now))
        .expirationTime(new Date(now + ttlMillis));
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

  private Optional<JWTClaimsSet> verify(String token, String expectedType) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      boolean valid =
          expires != null
              && expires.getTime() > clock.millis()
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
