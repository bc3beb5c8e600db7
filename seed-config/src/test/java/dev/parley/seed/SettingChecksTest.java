package dev.parley.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A setting naming one of an enum's constants is read by its lower-case name and refused otherwise, listing them. */
class SettingChecksTest {
  private enum Mode {
    OPEN,
    INVITE,
    CLOSED
  }

  private enum Single {
    ONLY
  }

  @Test
  void aConstantIsNamedInLowerCase() {
    assertEquals(Mode.INVITE, SettingChecks.oneOf(Mode.class, "invite"));
  }

  @Test
  void anythingElseIsRefusedWithTheNamesItMayBe() {
    assertEquals("must be open, invite or closed", assertThrows(IllegalArgumentException.class, () -> SettingChecks.oneOf(Mode.class, "INVITE")).getMessage());
    assertEquals("must be open, invite or closed", assertThrows(IllegalArgumentException.class, () -> SettingChecks.oneOf(Mode.class, " open")).getMessage());
    assertEquals("must be only", assertThrows(IllegalArgumentException.class, () -> SettingChecks.oneOf(Single.class, "other")).getMessage());
  }
}
