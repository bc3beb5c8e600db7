package dev.parley.node.files;

import static dev.parley.seed.SettingReader.read;
import static dev.parley.seed.SettingReader.readSecret;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.parley.seed.InvalidSettingException;
import dev.parley.seed.SettingChecks;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Files: where their bytes go ({@code local}: a directory, {@code s3}: a bucket), how large one may
 * be, how much one user may keep, how long a signed link works, and the thumbnails' bounds.
 *
 * @param stagingDir where an upload is written while it arrives, before it is checked and stored
 * @param thumbnailEdge the longest side of a thumbnail, in pixels
 * @param thumbnailMaxPixels images with more pixels than this get no thumbnail (decompression bombs)
 */
public record FileSettings(
    String store,
    Path dir,
    S3 s3,
    long maxBytes,
    long quotaBytes,
    Duration linkTtl,
    Path stagingDir,
    int thumbnailEdge,
    long thumbnailMaxPixels,
    int snapshotEvery) {

  /** The dispatcher of every blocking file operation: disk and S3 I/O, type detection, thumbnails. */
  public static final String DISPATCHER = "parley.files.dispatcher";
  public static final String LOCAL = "local";
  public static final String S3_STORE = "s3";

  private static final Pattern SIZE = Pattern.compile("[0-9]+(\\s*[KMGkmg]i?[Bb]?)?");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
  /** S3's rules for bucket names, loosely: lower-case letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9+/=_.-]{1,256}");

  /** How the node reaches an S3-compatible store; empty keys: the AWS SDK's default credentials. */
  public record S3(String endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle) {
    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + "]";
    }
  }

  public static FileSettings from(Config config, Path dataDir) {
    Config c = config.getConfig("parley.files");
    String store = read(c, "store", "PARLEY_FILE_STORE", FileSettings::store);
    S3 s3 =
        new S3(
            read(c, "s3.endpoint", "PARLEY_S3_ENDPOINT", FileSettings::endpoint),
            read(c, "s3.region", "PARLEY_S3_REGION", value -> matching(value, REGION, "must be a region such as us-east-1")),
            read(c, "s3.bucket", "PARLEY_S3_BUCKET", FileSettings::bucket),
            readSecret(c, "s3.access-key", "PARLEY_S3_ACCESS_KEY", FileSettings::key),
            readSecret(c, "s3.secret-key", "PARLEY_S3_SECRET_KEY", FileSettings::key),
            read(c, "s3.path-style", "PARLEY_S3_PATH_STYLE", FileSettings::bool));
    if (store.equals(S3_STORE) && s3.bucket().isEmpty()) {
      throw new InvalidSettingException("PARLEY_S3_BUCKET", "must be set when PARLEY_FILE_STORE is s3");
    }
    if (s3.accessKey().isEmpty() != s3.secretKey().isEmpty()) {
      throw new InvalidSettingException("PARLEY_S3_SECRET_KEY", "set both PARLEY_S3_ACCESS_KEY and PARLEY_S3_SECRET_KEY, or neither");
    }
    Path dir = read(c, "dir", "PARLEY_FILE_DIR", value -> value.isBlank() ? dataDir.resolve("files") : path(value));
    return new FileSettings(
        store,
        dir,
        s3,
        read(c, "max-size", "PARLEY_FILE_MAX_SIZE", FileSettings::size),
        read(c, "quota-per-user", "PARLEY_FILE_QUOTA", FileSettings::size),
        read(c, "link-ttl", "PARLEY_FILE_LINK_TTL", SettingChecks::positiveDuration),
        // Inside the local store's directory, so that a staged upload is moved in, not copied.
        dir.resolve(".staging"),
        c.getInt("thumbnail-edge"),
        c.getLong("thumbnail-max-pixels"),
        c.getInt("snapshot-every"));
  }

  private static String store(String value) {
    String store = value.strip().toLowerCase(Locale.ROOT);
    if (!store.equals(LOCAL) && !store.equals(S3_STORE)) {
      throw new IllegalArgumentException("must be local or s3");
    }
    return store;
  }

  /** A byte count, or one with a unit: {@code 25MiB}, {@code 1GiB}, {@code 500k}. */
  static long size(String value) {
    String size = value.strip();
    if (!SIZE.matcher(size).matches()) {
      throw new IllegalArgumentException("must be a size such as 25MiB, 1GiB or 1048576");
    }
    long bytes;
    try {
      bytes = ConfigFactory.parseString("size = \"" + size + "\"").getBytes("size");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("must be a size such as 25MiB, 1GiB or 1048576");
    }
    if (bytes < 1) {
      throw new IllegalArgumentException("must be at least 1 byte");
    }
    return bytes;
  }

  private static String endpoint(String value) {
    String url = value.strip();
    if (url.isEmpty()) {
      return url;
    }
    try {
      URI uri = new URI(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw new IllegalArgumentException("must be empty (AWS) or an http:// or https:// URL");
  }

  private static String bucket(String value) {
    String bucket = value.strip();
    return bucket.isEmpty() ? bucket : matching(bucket, BUCKET, "must be a bucket name: 3-63 of a-z, 0-9, '.' and '-'");
  }

  private static String key(String value) {
    String key = value.strip();
    return key.isEmpty() ? key : matching(key, KEY, "must be an S3 access key or secret key (letters, digits, + / = _ . -)");
  }

  private static boolean bool(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static String matching(String value, Pattern pattern, String problem) {
    if (!pattern.matcher(value.strip()).matches()) {
      throw new IllegalArgumentException(problem);
    }
    return value.strip();
  }

  private static Path path(String value) {
    try {
      return Path.of(value.strip()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("must be a directory path");
    }
  }
}
