package dev.parley.node.bots;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret of a bot's API token: {@code pbt_} and 32 random bytes, URL-safe base64. The prefix
 * tells a bot token from an access token (a JWT) where both are taken. The secret is shown once;
 * what is stored and looked up is its SHA-256, so a copy of the database authenticates nobody.
 */
public final class BotSecret {
  public static final String PREFIX = "pbt_";
  private static final int BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** What {@link #generate} makes: the prefix and 43 base64url characters. */
  private static final Pattern SHAPE = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

  private BotSecret() {}

  public static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code token} is meant as a bot token (it may still be no live one). */
  public static boolean isBotToken(String token) {
    return token != null && token.startsWith(PREFIX);
  }

  /** Whether {@code token} could be a secret this class made: anything else is refused without a look-up. */
  public static boolean isWellFormed(String token) {
    return SHAPE.matcher(token).matches();
  }

  /** The hex SHA-256 of the secret, as {@code parley_bot_token.token_hash} holds it. */
  public static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
