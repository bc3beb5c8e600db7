package dev.parley.node.hostile;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Tokens an attacker can make: JWTs shaped like the deployment's own (HS256, the claims
 * {@code TokenService} writes), signed with whatever key and algorithm the attack needs, unsigned,
 * or with another payload under a real signature.
 */
final class ForgedTokens {
  static final String ISSUER = "parley";

  private ForgedTokens() {}

  /** The claims of a real access token of this user, valid for the next {@code validFor}. */
  static JWTClaimsSet.Builder access(String userId, String username, Duration validFor) {
    return base(userId, validFor).claim("typ", "access").claim("usr", username).claim("dn", username);
  }

  /** The claims of a refresh token of this user with a token id the deployment never issued. */
  static JWTClaimsSet.Builder refresh(String userId, String username, Duration validFor) {
    return base(userId, validFor).jwtID("r-forged").claim("typ", "refresh").claim("usr", username);
  }

  private static JWTClaimsSet.Builder base(String userId, Duration validFor) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(userId)
        .issueTime(Date.from(now.minus(Duration.ofMinutes(1))))
        .expirationTime(Date.from(now.plus(validFor)));
  }

  static String signed(byte[] key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
    try {
      jwt.sign(new MACSigner(key));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with " + algorithm, e);
    }
    return jwt.serialize();
  }

  /** {@code alg: none}: the claims with no signature at all. */
  static String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(claims).serialize();
  }

  /** The header and signature of {@code token} around another payload. */
  static String withPayload(String token, JWTClaimsSet claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + Base64URL.encode(claims.toString()) + "." + parts[2];
  }

  /** Another header over the payload and signature of {@code token}. */
  static String withHeader(String token, String headerJson) {
    String[] parts = token.split("\\.");
    return Base64URL.encode(headerJson) + "." + parts[1] + "." + parts[2];
  }

  /** The header and payload of {@code token} with the signature removed. */
  static String withoutSignature(String token) {
    return token.substring(0, token.lastIndexOf('.') + 1);
  }
}
