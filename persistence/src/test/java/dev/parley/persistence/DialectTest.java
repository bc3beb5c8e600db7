package dev.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DialectTest {

  @Test
  void detectsTheDialectFromTheUrl() {
    assertEquals(Dialect.H2, Dialect.fromUrl("jdbc:h2:file:/var/lib/parley/parley;WRITE_DELAY=0"));
    assertEquals(Dialect.POSTGRES, Dialect.fromUrl("jdbc:postgresql://db:5432/parley"));
  }

  @Test
  void refusesOtherDatabasesWithoutRepeatingTheUrl() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dialect.fromUrl("jdbc:mysql://db/parley?user=parley&password=hunter2"));
    assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
  }

  @Test
  void refusesAUrlThatIsNotJdbc() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Dialect.fromUrl("postgresql://parley:hunter2@db/parley"));
  }
}
