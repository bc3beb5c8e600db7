package dev.parley.bench;

import java.security.SecureRandom;

/** A short random id that makes a run's user names unique, so runs against one server never collide. */
final class RunId {
  private static final int CHARS = 6;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunId() {}

  static String next() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < CHARS; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
