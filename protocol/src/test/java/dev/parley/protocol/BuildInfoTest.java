package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Maven filled in build-info.properties: no placeholder is left, and each value has its form. */
class BuildInfoTest {
  @Test
  void theBuildIsFilledIn() {
    BuildInfo build = BuildInfo.CURRENT;
    assertTrue(build.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), build.version());
    assertTrue(build.commit().matches("[0-9a-f]{40}|unknown"), build.commit());
    assertDoesNotThrow(() -> Instant.parse(build.built()), build.built());
  }

  @Test
  void theVersionLineNamesTheProgramAndTheBuild() {
    assertEquals(
        "parley 1.2.3 (commit 0123abc, built 2026-12-04T10:00:00Z)",
        new BuildInfo("1.2.3", "0123abc", "2026-12-04T10:00:00Z").line("parley"));
  }
}
