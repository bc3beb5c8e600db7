package dev.parley.node.hooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of an incoming webhook's URL: 32 random bytes, URL-safe base64. It is shown once;
 * what is stored and looked up is its SHA-256, so a copy of the database posts nothing.
 */
public final class HookToken {
  private static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private HookToken() {}

  public static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hex SHA-256 of the token, as {@code parley_hook.token_hash} holds it. */
  public static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
