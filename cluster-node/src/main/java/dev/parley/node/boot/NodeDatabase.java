package dev.parley.node.boot;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.SettingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;

/** Which database the node uses, and the token secret a deployment keeps in it. */
final class NodeDatabase {
  private static final String TOKEN_SECRET_SETTING = "token-secret";
  private static final int GENERATED_SECRET_BYTES = 32;

  private NodeDatabase() {}

  /** PostgreSQL when a URL is set; otherwise the embedded H2 file database in the data directory. */
  static DatabaseSettings settings(NodeSettings settings) {
    if (settings.embeddedDatabase()) {
      try {
        Files.createDirectories(settings.dataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + settings.dataDir(), e);
      }
      return DatabaseSettings.embedded(settings.dataDir());
    }
    return DatabaseSettings.of(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize());
  }

  /** The configured secret, or the deployment's generated one, shared through the database. */
  static byte[] tokenSecret(NodeSettings settings, HikariDataSource dataSource) {
    if (settings.tokenSecret().length > 0) {
      return settings.tokenSecret();
    }
    String stored;
    try {
      stored =
          new SettingStore(dataSource)
              .getOrCreate(
                  TOKEN_SECRET_SETTING,
                  () -> {
                    byte[] bytes = new byte[GENERATED_SECRET_BYTES];
                    new SecureRandom().nextBytes(bytes);
                    return Base64.getEncoder().encodeToString(bytes);
                  });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the token secret from the database: " + e.getMessage(), e);
    }
    return Base64.getDecoder().decode(stored);
  }
}
