package dev.parley.node.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files in a directory of the node's disk ({@code <PARLEY_DATA_DIR>/files} by default): fine for a
 * single node or a directory every node mounts. Staged files are moved in, so a file is either
 * there whole or not at all.
 */
public final class LocalFileStore implements FileStore {
  private final Path dir;

  public LocalFileStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the files directory " + dir, e);
    }
  }

  /** When the staging directory is on another file system, the bytes are copied next to their place first. */
  @Override
  public void put(String key, Path staged) throws IOException {
    try {
      Files.move(staged, path(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Path copy = dir.resolve(key + ".partial");
      Files.move(staged, copy, StandardCopyOption.REPLACE_EXISTING);
      Files.move(copy, path(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(path(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(path(key));
  }

  @Override
  public String describe() {
    return "directory " + dir;
  }

  /** Keys are ids the node made ({@link dev.parley.node.Ids}), never a client's text. */
  private Path path(String key) {
    return dir.resolve(key);
  }
}
