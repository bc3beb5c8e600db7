package dev.parley.persistence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server: its own cluster in a temporary directory, listening on 127.0.0.1
 * only, trusting every local connection, deleted when stopped.
 */
final class PrivatePostgres {

  /** Where Debian's postgresql-15 package puts the server binaries. */
  static final Path DEBIAN_BIN_DIR = Path.of("/usr/lib/postgresql/15/bin");

  static final String SUPERUSER = "postgres";

  /** The only address the server listens on: tests must not reach beyond this machine. */
  private static final String LOOPBACK = "127.0.0.1";

  /** PostgreSQL refuses to run as root, so a root JVM runs it as this OS user. */
  private static final String OS_USER = "postgres";

  /** Generous for initdb, start and stop; each of them takes seconds when it works at all. */
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private final Path binDir;
  private final Path baseDir;
  private final Path dataDir;
  private final int port;

  private PrivatePostgres(Path binDir, Path baseDir, int port) {
    this.binDir = binDir;
    this.baseDir = baseDir;
    this.dataDir = baseDir.resolve("data");
    this.port = port;
  }

  /** Creates a cluster in a fresh temporary directory and starts it. */
  static PrivatePostgres start(Path binDir) {
    requireBinaries(binDir);
    try {
      Path baseDir = Files.createTempDirectory("parley-postgres-");
      Path socketDir = Files.createDirectory(baseDir.resolve("socket"));
      if (runningAsRoot()) {
        UserPrincipal owner =
            baseDir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        Files.setOwner(baseDir, owner);
        Files.setOwner(socketDir, owner);
      }
      PrivatePostgres server = new PrivatePostgres(binDir, baseDir, freeLoopbackPort());
      try {
        server.initdb();
        server.pgCtl(
            "-D",
            server.dataDir.toString(),
            "-l",
            server.serverLog().toString(),
            "-o",
            "-p "
                + server.port
                + " -k "
                + socketDir
                + " -c listen_addresses="
                + LOOPBACK
                + " -c fsync=on",
            "-w",
            "start");
      } catch (RuntimeException e) {
        server.deleteDirectory();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not set up the private PostgreSQL server", e);
    }
  }

  /** Fails, pointing at the install script, when the PostgreSQL 15 server binaries are missing. */
  static void requireBinaries(Path binDir) {
    for (String binary : List.of("initdb", "pg_ctl")) {
      if (!Files.isExecutable(binDir.resolve(binary))) {
        throw new IllegalStateException(
            "PostgreSQL 15 is needed for the tests but "
                + binDir.resolve(binary)
                + " is missing: run scripts/postgres-install.sh (as root) once on this machine,"
                + " or set PARLEY_TEST_DB_URL to an existing server's admin JDBC URL");
      }
    }
  }

  String adminUrl() {
    return "jdbc:postgresql://" + LOOPBACK + ":" + port + "/postgres?user=" + SUPERUSER;
  }

  int port() {
    return port;
  }

  /**
   * Stops the server the way a crash or an operator's fast restart does (open connections are cut,
   * in-flight transactions roll back) and starts it again on the same port with the same data.
   */
  void restart() {
    pgCtl("-D", dataDir.toString(), "-l", serverLog().toString(), "-m", "fast", "-w", "restart");
  }

  /** Stops the server at once (its data is thrown away) and deletes its directory. */
  void stop() {
    pgCtl("-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
    deleteDirectory();
  }

  private void deleteDirectory() {
    try (Stream<Path> paths = Files.walk(baseDir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + baseDir, e);
    }
  }

  private void initdb() {
    run(
        binDir.resolve("initdb").toString(),
        "-D",
        dataDir.toString(),
        "-U",
        SUPERUSER,
        "--auth=trust",
        "--encoding=UTF8",
        "--locale=C",
        // The final sync of the new cluster's files is most of initdb's time; a test cluster
        // lost in a crash is simply created again.
        "--no-sync");
  }

  private void pgCtl(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(binDir.resolve("pg_ctl").toString());
    command.addAll(List.of(arguments));
    run(command.toArray(String[]::new));
  }

  private Path serverLog() {
    return baseDir.resolve("server.log");
  }

  /**
   * Runs a PostgreSQL command as the user PostgreSQL runs as. Its output goes to a file, not a
   * pipe: the server that pg_ctl starts would inherit a pipe and hold it open.
   */
  private void run(String... command) {
    List<String> fullCommand = new ArrayList<>();
    if (runningAsRoot()) {
      fullCommand.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    fullCommand.addAll(List.of(command));
    try {
      Path output = Files.createTempFile("parley-postgres-command-", ".log");
      try {
        Process process =
            new ProcessBuilder(fullCommand)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "Timed out after " + COMMAND_TIMEOUT + ": " + describe(fullCommand, output));
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "Exit code " + process.exitValue() + ": " + describe(fullCommand, output));
        }
      } finally {
        Files.delete(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + fullCommand, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + fullCommand, e);
    }
  }

  private String describe(List<String> command, Path output) throws IOException {
    String description = String.join(" ", command) + "\n" + Files.readString(output);
    if (Files.isReadable(serverLog())) {
      description += "\nserver log:\n" + Files.readString(serverLog());
    }
    return description;
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** A port free now; nothing reserves it until the server binds it a moment later. */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    }
  }
}
