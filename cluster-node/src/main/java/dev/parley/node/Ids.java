package dev.parley.node;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opaque ids: a one-letter kind prefix and 20 random base32 characters (100 bits), so ids are
 * unguessable and collisions are negligible without coordination between nodes.
 */
public final class Ids {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int LENGTH = 20;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char BOT = 'b';

  private Ids() {}

  public static String random(char prefix) {
    char[] chars = new char[LENGTH + 1];
    chars[0] = prefix;
    for (int i = 1; i <= LENGTH; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }

  public static Supplier<String> generator(char prefix) {
    return () -> random(prefix);
  }

  public static String user() {
    return random('u');
  }

  /** A bot account's id: a bot acts as a user whose id says it is a bot (docs/protocol.md, "Bots"). */
  public static String bot() {
    return random(BOT);
  }

  /** Whether {@code userId} is a bot account's. */
  public static boolean isBot(String userId) {
    return userId != null && !userId.isEmpty() && userId.charAt(0) == BOT;
  }

  public static String workspace() {
    return random('w');
  }

  public static String channel() {
    return random('c');
  }

  /**
   * The one channel id of the DM between exactly these users in this workspace, so that opening
   * it again (by any of them, on any node) finds the same channel.
   */
  public static String dm(String workspaceId, List<String> sortedMemberIds) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest((workspaceId + "\n" + String.join("\n", sortedMemberIds)).getBytes(StandardCharsets.UTF_8));
      char[] chars = new char[LENGTH + 1];
      chars[0] = 'd';
      for (int i = 1; i <= LENGTH; i++) {
        chars[i] = ALPHABET[(hash[i] & 0xff) % ALPHABET.length];
      }
      return new String(chars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
