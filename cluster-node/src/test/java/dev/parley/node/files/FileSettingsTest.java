package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.seed.InvalidSettingException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files' settings: sizes with units, the default directory, and an S3 store that names its bucket. */
class FileSettingsTest {
  private static final Path DATA = Path.of("/var/lib/parley");

  private static FileSettings with(Map<String, Object> values) {
    Config config = ConfigFactory.parseMap(values).withFallback(ConfigFactory.parseResourcesAnySyntax("parley.conf")).resolve();
    return FileSettings.from(config, DATA);
  }

  @Test
  void sizesTakeUnitsAndTheDefaultsAreTheDocumentedOnes() {
    FileSettings defaults = with(Map.of());
    assertEquals(25L * 1024 * 1024, defaults.maxBytes());
    assertEquals(1024L * 1024 * 1024, defaults.quotaBytes());
    assertEquals(DATA.resolve("files"), defaults.dir());
    assertEquals(DATA.resolve("files").resolve(".staging"), defaults.stagingDir());
    assertEquals("local", defaults.store());
    assertEquals(500 * 1024, FileSettings.size("500KiB"));
    assertEquals(1_048_576, FileSettings.size("1048576"));
    assertEquals(2L * 1024 * 1024 * 1024, FileSettings.size("2GiB"));
    assertThrows(IllegalArgumentException.class, () -> FileSettings.size("0"));
    assertThrows(IllegalArgumentException.class, () -> FileSettings.size("25 parsecs"));
    assertThrows(IllegalArgumentException.class, () -> FileSettings.size("\"} x = {"));
  }

  @Test
  void anS3StoreNeedsItsBucketAndBothKeysOrNeither() {
    InvalidSettingException noBucket = assertThrows(InvalidSettingException.class, () -> with(Map.of("parley.files.store", "s3")));
    assertEquals("PARLEY_S3_BUCKET", noBucket.variable());
    InvalidSettingException oneKey =
        assertThrows(
            InvalidSettingException.class,
            () -> with(Map.of("parley.files.store", "s3", "parley.files.s3.bucket", "files", "parley.files.s3.access-key", "AKIA1")));
    assertEquals("PARLEY_S3_SECRET_KEY", oneKey.variable());
    FileSettings s3 = with(Map.of("parley.files.store", "s3", "parley.files.s3.bucket", "files", "parley.files.s3.endpoint", "http://minio:9000"));
    assertEquals("files", s3.s3().bucket());
    assertEquals("S3[endpoint=http://minio:9000, region=us-east-1, bucket=files]", s3.s3().toString(), "no keys in its text");
  }
}
