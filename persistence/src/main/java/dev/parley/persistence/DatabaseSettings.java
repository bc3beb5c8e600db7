package dev.parley.persistence;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the database is and how many connections a pool may hold.
 *
 * @param poolSize the size of each connection pool opened on these settings (the application's and
 *     the journal's), so a node holds up to twice this many connections
 */
public record DatabaseSettings(
    String url, String user, String password, Dialect dialect, int poolSize) {

  /**
   * The pool size of the embedded database: one node, an in-process database with no network round
   * trips, and a journal that batches its writes need only a few connections.
   */
  public static final int EMBEDDED_POOL_SIZE = 4;

  /**
   * Flyway holds two connections at once while it migrates (one for its schema history table, one
   * for the migration), and start-up migrates through the application's pool: with one connection
   * it would wait until the pool's timeout and fail.
   */
  public static final int MIN_POOL_SIZE = 2;

  private static final String EMBEDDED_USER = "sa";

  /** A password given inside the URL: H2 takes {@code ;PASSWORD=}, PostgreSQL {@code password=}. */
  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^;&]*");

  public DatabaseSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(dialect, "dialect");
    if (Dialect.fromUrl(url) != dialect) {
      throw new IllegalArgumentException("The URL is not a " + dialect + " URL");
    }
    if (poolSize < MIN_POOL_SIZE) {
      throw new IllegalArgumentException(
          "poolSize must be at least " + MIN_POOL_SIZE + ", got " + poolSize);
    }
  }

  /**
   * The embedded H2 file database in {@code dataDir}. {@code WRITE_DELAY=0} makes H2 write each
   * commit through before acknowledging it; with its default delay, kill -9 loses acknowledged
   * writes. {@code DB_CLOSE_ON_EXIT=FALSE} keeps H2's own shutdown hook from closing the database
   * while the node's graceful shutdown still writes; the database closes with its last connection.
   */
  public static DatabaseSettings embedded(Path dataDir) {
    Path file = dataDir.toAbsolutePath().normalize().resolve("parley");
    String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    return new DatabaseSettings(url, EMBEDDED_USER, "", Dialect.H2, EMBEDDED_POOL_SIZE);
  }

  public static DatabaseSettings of(String url, String user, String password, int poolSize) {
    return new DatabaseSettings(url, user, password, Dialect.fromUrl(url), poolSize);
  }

  public DatabaseSettings withPoolSize(int newPoolSize) {
    return new DatabaseSettings(url, user, password, dialect, newPoolSize);
  }

  /** Settings end up in logs and error messages, so the password stays out, also from the URL. */
  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + PASSWORD_IN_URL.matcher(url).replaceAll("$1***")
        + ", user="
        + user
        + ", password=***, dialect="
        + dialect
        + ", poolSize="
        + poolSize
        + "]";
  }
}
