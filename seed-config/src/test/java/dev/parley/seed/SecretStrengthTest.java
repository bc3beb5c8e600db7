package dev.parley.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretStrengthTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "change-me-to-at-least-32-random-bytes-0000",
        "CHANGE-ME-TO-AT-LEAST-32-RANDOM-BYTES",
        "my-example-secret-for-the-parley-deployment",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "passwordpasswordpasswordpasswordpassword",
        "01234567890123456789012345678901",
        "local-cluster-admin-token"
      })
  void refusesPlaceholdersAndGuessableValuesWithoutEchoingThem(String secret) {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SecretStrength.check(secret));
    assertFalse(refused.getMessage().contains(secret), refused.getMessage());
  }

  @Test
  void acceptsWhatTheDocsTellOperatorsToGenerate() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String secret = Base64.getEncoder().encodeToString(bytes);
      assertEquals(secret, SecretStrength.check(secret));
      String hex = java.util.HexFormat.of().formatHex(bytes);
      assertEquals(hex, SecretStrength.check(hex));
    }
  }
}
