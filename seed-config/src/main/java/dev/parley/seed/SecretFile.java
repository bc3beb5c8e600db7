package dev.parley.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A secret kept in a file (a mounted Kubernetes Secret, a compose secret) rather than in the
 * environment, where child processes, {@code /proc/<pid>/environ} and crash reports would see it.
 * Errors name the variable and the path, never the content.
 */
final class SecretFile {
  private SecretFile() {}

  /** The path given in {@code variable}, absolute, so that messages name the file Pekko opens. */
  static Path path(String value, String variable) {
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidSettingException(variable, "must be a file path (got '" + value + "')");
    }
  }

  /** The file's text without the line break that {@code echo} and editors leave at its end. */
  static String read(Path file, String variable) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSettingException(variable, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    String secret = content.replaceFirst("[\r\n]+$", "");
    if (secret.isEmpty()) {
      throw new InvalidSettingException(variable, file + " is empty");
    }
    return secret;
  }
}
