package dev.parley.node.management;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;

/**
 * The embedded H2 database copied while the node keeps writing ({@code BACKUP TO}, one consistent
 * zip), for {@code POST /v1/admin/backup}. A PostgreSQL deployment is backed up with pg_dump by
 * its operator: the node has neither the tools nor the rights for that.
 */
public final class OnlineBackup {
  /** A finished backup: its file name in the backup directory and its size. */
  public record Taken(String file, long bytes) {}

  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("'parley-'uuuuMMdd'T'HHmmss.SSS'Z.zip'").withZone(ZoneOffset.UTC);

  private final DataSource dataSource;
  private final boolean h2;
  private final Path directory;
  private final Clock clock;

  public OnlineBackup(DataSource dataSource, boolean h2, Path directory, Clock clock) {
    this.dataSource = dataSource;
    this.h2 = h2;
    this.directory = directory;
    this.clock = clock;
  }

  /** Whether this node's database is H2, the only kind it can back up itself. */
  public boolean supported() {
    return h2;
  }

  /**
   * Written under a temporary name and renamed once complete, so that a file with a final name is
   * always a whole backup, even after a crash mid-way. One at a time: each copies the whole database.
   */
  public synchronized Taken take() throws SQLException, IOException {
    if (!h2) {
      throw new IllegalStateException("only an H2 database is backed up by the node");
    }
    Files.createDirectories(directory);
    String name = NAME.format(clock.instant());
    Path partial = directory.resolve(name + ".partial");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement("BACKUP TO ?")) {
      statement.setString(1, partial.toString());
      statement.execute();
    }
    Path done = Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    return new Taken(name, Files.size(done));
  }
}
