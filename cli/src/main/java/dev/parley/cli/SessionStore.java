package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sessions on disk: {@code <home>/<profile>.json}, readable by the owner only (600, directory 700)
 * where the file system has POSIX permissions. Writes go to a private temporary file that is then
 * moved over the old one, so a crash never leaves half a file and the mode is never wider.
 */
final class SessionStore {
  private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  private final Path home;
  private final boolean posix;

  SessionStore(Path home) {
    this.home = home;
    this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  Path home() {
    return home;
  }

  /** Throws {@link IllegalArgumentException} for a name that is not a plain file name. */
  static String checkProfile(String profile) {
    if (profile == null || !PROFILE.matcher(profile).matches() || profile.startsWith(".")) {
      throw new IllegalArgumentException(
          "profile '" + profile + "' must be 1..64 characters of [A-Za-z0-9._-], not starting with '.'");
    }
    return profile;
  }

  Path file(String profile) {
    return home.resolve(checkProfile(profile) + ".json");
  }

  Optional<Session> load(String profile) {
    Path file = file(profile);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException("internal", "cannot read " + file + ": " + e.getMessage());
    }
    try {
      Session session = Json.MAPPER.readValue(text, Session.class);
      if (session == null || !session.isComplete()) {
        throw new CliException("unauthorized", "the session in " + file + " is incomplete; log in again");
      }
      return Optional.of(session);
    } catch (JsonProcessingException e) {
      throw new CliException("unauthorized", "the session in " + file + " is unreadable; log in again");
    }
  }

  void save(String profile, Session session) {
    Path file = file(profile);
    try {
      createHome();
      Path tmp = posix
          ? Files.createTempFile(home, profile + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
          : Files.createTempFile(home, profile + ".", ".tmp");
      try {
        Files.writeString(tmp, Json.write(session), StandardCharsets.UTF_8);
        try {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CliException("internal", "cannot write " + file + ": " + e.getMessage());
    }
  }

  /** True if there was a session to delete. */
  boolean delete(String profile) {
    try {
      return Files.deleteIfExists(file(profile));
    } catch (IOException e) {
      throw new CliException("internal", "cannot delete " + file(profile) + ": " + e.getMessage());
    }
  }

  /**
   * An exclusive lock on the profile, across processes: a refresh token works once, so two CLI
   * processes sharing a profile must not refresh it at the same time.
   */
  ProfileLock lock(String profile) {
    Path lockFile = home.resolve(checkProfile(profile) + ".lock");
    try {
      createHome();
      FileChannel channel =
          posix && !Files.exists(lockFile)
              ? FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                  PosixFilePermissions.asFileAttribute(FILE_MODE))
              : FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        channel.lock();
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return () -> {
        try {
          channel.close(); // releases the lock
        } catch (IOException e) {
          throw new CliException("internal", "cannot unlock " + lockFile + ": " + e.getMessage());
        }
      };
    } catch (IOException e) {
      throw new CliException("internal", "cannot lock " + lockFile + ": " + e.getMessage());
    }
  }

  private void createHome() throws IOException {
    if (Files.isDirectory(home)) {
      return;
    }
    FileAttribute<?>[] attrs =
        posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)} : new FileAttribute<?>[0];
    Files.createDirectories(home, attrs);
  }

  /** Held while a profile's tokens are being replaced. */
  interface ProfileLock extends AutoCloseable {
    @Override
    void close();
  }
}
