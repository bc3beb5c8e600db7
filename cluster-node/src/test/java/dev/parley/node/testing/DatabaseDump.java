package dev.parley.node.testing;

import dev.parley.persistence.DatabaseSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Everything a database holds, as an operator's dump shows it: H2's {@code SCRIPT} (binary columns
 * as hex) or PostgreSQL's plain-text {@code pg_dump} (bytea as hex). Dead rows that a vacuum or a
 * compaction has not yet reclaimed are not in a dump; docs/design.md says what that leaves.
 */
public final class DatabaseDump {
  private static final Path PG_DUMP = Path.of("/usr/lib/postgresql/15/bin/pg_dump");
  private static final long PG_DUMP_TIMEOUT_SECONDS = 60;

  private DatabaseDump() {}

  /** The dump of the embedded H2 database of a running node in {@code dataDir}. */
  public static String ofH2(Path dataDir) {
    DatabaseSettings db = DatabaseSettings.embedded(dataDir);
    StringBuilder dump = new StringBuilder();
    try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement statement = connection.createStatement();
        ResultSet lines = statement.executeQuery("SCRIPT")) {
      while (lines.next()) {
        dump.append(lines.getString(1)).append('\n');
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SCRIPT failed", e);
    }
    return dump.toString();
  }

  /** The plain-text {@code pg_dump} of a PostgreSQL database. */
  public static String ofPostgres(DatabaseSettings db) {
    String libpqUrl = "postgresql:" + db.url().substring("jdbc:postgresql:".length());
    try {
      Process process =
          new ProcessBuilder(PG_DUMP.toString(), "--format=plain", "--dbname=" + libpqUrl).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(PG_DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("pg_dump failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("pg_dump did not run", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
