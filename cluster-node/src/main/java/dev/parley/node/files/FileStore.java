package dev.parley.node.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where files' bytes live, by key. Every method blocks (disk or network), so callers run them on
 * the files dispatcher, never on an actor or HTTP thread.
 */
public interface FileStore {

  /** Stores the bytes of {@code staged} under {@code key}; the staged file is moved or deleted. */
  void put(String key, Path staged) throws IOException;

  /** The bytes under {@code key}; {@link java.nio.file.NoSuchFileException} when there are none. */
  InputStream open(String key) throws IOException;

  /** Removes the bytes under {@code key}; removing what is not there is not an error. */
  void delete(String key) throws IOException;

  /** Whether bytes are stored under {@code key}. */
  boolean exists(String key) throws IOException;

  /** What the node's start line says about the store (no credentials). */
  String describe();
}
