package dev.parley.persistence.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivatePostgresTest {

  @Test
  void missingBinariesFailWithTheWayToInstallThem(@TempDir Path emptyBinDir) {
    IllegalStateException missing =
        assertThrows(IllegalStateException.class, () -> PrivatePostgres.start(emptyBinDir));
    assertTrue(missing.getMessage().contains("scripts/postgres-install.sh"), missing.getMessage());
  }
}
