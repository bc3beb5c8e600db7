package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** What a client can read in a token it was given: the claims of its (unverified) payload. */
public final class JwtClaims {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JwtClaims() {}

  public static JsonNode of(String token) {
    String[] parts = token.split("\\.");
    try {
      return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a JWT", e);
    }
  }

  public static Instant expiry(String token) {
    return Instant.ofEpochSecond(of(token).path("exp").asLong());
  }

  /** The login time of a refresh token. */
  public static Instant authTime(String token) {
    return Instant.ofEpochSecond(of(token).path("auth_time").asLong());
  }
}
