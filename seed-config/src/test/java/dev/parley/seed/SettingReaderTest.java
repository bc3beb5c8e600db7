package dev.parley.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come from the configuration or from a file named by {@code <VARIABLE>_FILE}. */
class SettingReaderTest {
  private static final Config CONFIG = ConfigFactory.parseMap(Map.of("auth.secret", ""));

  @TempDir Path dir;

  @Test
  void aSecretIsReadFromTheFileItsFileVariableNamesWithoutTheTrailingNewline() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "s3cr3t-from-a-file\n");

    String value =
        SettingReader.readSecret(
            CONFIG, "auth.secret", "PARLEY_SECRET", v -> v, Map.of("PARLEY_SECRET_FILE", file.toString())::get);

    assertEquals("s3cr3t-from-a-file", value);
  }

  @Test
  void withoutAFileVariableTheConfigurationIsRead() {
    Config config = ConfigFactory.parseMap(Map.of("auth.secret", "from-config"));

    assertEquals("from-config", SettingReader.readSecret(config, "auth.secret", "PARLEY_SECRET", v -> v, Map.<String, String>of()::get));
  }

  @Test
  void bothTheVariableAndItsFileAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("secret"), "one");
    Map<String, String> env = Map.of("PARLEY_SECRET", "two", "PARLEY_SECRET_FILE", file.toString());

    InvalidSettingException refused =
        assertThrows(
            InvalidSettingException.class,
            () -> SettingReader.readSecret(CONFIG, "auth.secret", "PARLEY_SECRET", v -> v, env::get));
    assertEquals("PARLEY_SECRET", refused.variable());
  }

  @Test
  void anUnreadableFileOrABadValueNamesTheFileVariableAndNeverTheSecret() throws Exception {
    Path missing = dir.resolve("missing");
    InvalidSettingException unreadable =
        assertThrows(
            InvalidSettingException.class,
            () ->
                SettingReader.readSecret(
                    CONFIG, "auth.secret", "PARLEY_SECRET", v -> v, Map.of("PARLEY_SECRET_FILE", missing.toString())::get));
    assertEquals("PARLEY_SECRET_FILE", unreadable.variable());

    Path weak = Files.writeString(dir.resolve("weak"), "change-me-please-change-me-please");
    InvalidSettingException refused =
        assertThrows(
            InvalidSettingException.class,
            () ->
                SettingReader.readSecret(
                    CONFIG, "auth.secret", "PARLEY_SECRET", SecretStrength::check, Map.of("PARLEY_SECRET_FILE", weak.toString())::get));
    assertEquals("PARLEY_SECRET_FILE", refused.variable());
    assertFalse(refused.getMessage().contains("change-me-please"), refused.getMessage());
  }
}
