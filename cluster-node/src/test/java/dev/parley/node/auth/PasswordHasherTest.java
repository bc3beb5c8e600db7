package dev.parley.node.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bcrypt hashes at the lowest cost, so the tests stay fast. */
class PasswordHasherTest {
  private static PasswordHasher hasher;

  @BeforeAll
  static void createHasher() {
    hasher = new PasswordHasher(4);
  }

  @Test
  void hashMatchesItsPassword() {
    String hash = hasher.hash("correct horse battery staple");

    assertTrue(hasher.matches("correct horse battery staple", hash));
  }

  @Test
  void hashDoesNotMatchAnotherPassword() {
    String hash = hasher.hash("correct horse battery staple");

    assertFalse(hasher.matches("correct horse battery stapler", hash));
    assertFalse(hasher.matches("Correct horse battery staple", hash));
    assertFalse(hasher.matches("", hash));
  }

  @Test
  void hashIsSaltedBcryptAtTheGivenCostWithoutThePassword() {
    String first = hasher.hash("s3cret-password");
    String second = hasher.hash("s3cret-password");

    assertNotEquals(first, second);
    assertTrue(first.startsWith("$2b$04$"), first);
    assertFalse(first.contains("s3cret-password"));
    assertTrue(hasher.matches("s3cret-password", second));
  }

  @Test
  void passwordsLongerThan72BytesThatDifferOnlyInTheirTailAreDistinguished() {
    String common = "x".repeat(80);
    String first = common + "-tail-one";
    String second = common + "-tail-two";
    assertTrue(first.getBytes(StandardCharsets.UTF_8).length > 72);

    String hash = hasher.hash(first);

    assertTrue(hasher.matches(first, hash));
    assertFalse(hasher.matches(second, hash));
    assertFalse(hasher.matches(common, hash));
  }

  @Test
  void multiByteCharactersPastByte72AreDistinguished() {
    // 36 two-byte characters fill bcrypt's 72 bytes; the difference comes after.
    String common = "é".repeat(36);
    assertEquals(72, common.getBytes(StandardCharsets.UTF_8).length);

    String hash = hasher.hash(common + "ü");

    assertTrue(hasher.matches(common + "ü", hash));
    assertFalse(hasher.matches(common + "ö", hash));
  }
}
