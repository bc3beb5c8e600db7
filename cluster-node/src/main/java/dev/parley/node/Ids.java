package dev.parley.node;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * Opaque ids: a one-letter kind prefix and 20 random base32 characters (100 bits), so ids are
 * unguessable and collisions are negligible without coordination between nodes.
 */
public final class Ids {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final int LENGTH = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

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

  public static String workspace() {
    return random('w');
  }

  public static String channel() {
    return random('c');
  }
}
