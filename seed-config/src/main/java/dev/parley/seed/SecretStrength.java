package dev.parley.seed;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses secrets that anyone could guess: the placeholders of example files, and values with too
 * little entropy, estimated from how often each character occurs in the shortest unit the value
 * repeats (a short-alphabet or repeated string scores low; {@code openssl rand -base64 32} scores
 * about 200 bits). It is an estimate that catches the lazy cases, not a proof of randomness.
 */
public final class SecretStrength {
  /**
   * Below this a secret is refused: far above any word, name or date, and below what 24 random
   * base64 characters score (the estimate cannot exceed log2(length) bits per character).
   */
  public static final double MIN_BITS = 96;

  private static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "change_me", "placeholder", "example");

  private SecretStrength() {}

  /** The value, if strong enough; otherwise says what is wrong without echoing it. */
  public static String check(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    for (String placeholder : PLACEHOLDERS) {
      if (lower.contains(placeholder)) {
        throw new IllegalArgumentException("is a placeholder: generate one, e.g. with `openssl rand -base64 48`");
      }
    }
    if (estimatedBits(value) < MIN_BITS) {
      throw new IllegalArgumentException(
          "is too easy to guess (under " + (int) MIN_BITS + " bits): generate one, e.g. with `openssl rand -base64 48`");
    }
    return value;
  }

  /** Shannon entropy of the characters of the value's repeating unit, times that unit's length. */
  static double estimatedBits(String value) {
    return characterBits(value.substring(0, period(value)));
  }

  /** The length of the shortest prefix whose repetition makes up the value (its whole length if none). */
  private static int period(String value) {
    for (int p = 1; p <= value.length() / 2; p++) {
      if (value.regionMatches(p, value, 0, value.length() - p)) {
        return p;
      }
    }
    return value.length();
  }

  private static double characterBits(String value) {
    Map<Integer, Integer> counts = new HashMap<>();
    value.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
    int length = value.codePointCount(0, value.length());
    double bitsPerChar = 0;
    for (int count : counts.values()) {
      double p = count / (double) length;
      bitsPerChar -= p * (Math.log(p) / Math.log(2));
    }
    return bitsPerChar * length;
  }
}
