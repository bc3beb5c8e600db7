package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main source file of any module grows past 400 lines: past that a file holds more than one
 * concept and no longer reads top to bottom (docs/design.md, "Modules and packages"). Split it
 * along its seams instead of raising the limit.
 */
class SourceSizeTest {
  private static final int MAX_LINES = 400;
  private static final List<String> MAIN_SOURCES = List.of("src/main/java", "src/main/resources/parley-web");

  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    Path root = repositoryRoot();
    Map<String, Integer> tooLong = new TreeMap<>();
    int seen = 0;
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
        for (String sources : MAIN_SOURCES) {
          for (Path file : sourceFiles(module.resolve(sources))) {
            seen++;
            int lines = lines(file);
            if (lines > MAX_LINES) {
              tooLong.put(root.relativize(file).toString(), lines);
            }
          }
        }
      }
    }
    assertTrue(seen > 300, "the scan sees every module's sources: " + seen);
    assertEquals(Map.of(), tooLong);
  }

  private static List<Path> sourceFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".js")).toList();
    }
  }

  private static int lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return (int) lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory of the root pom: Maven runs the tests in this module's directory. */
  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("system-tests"))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "run from inside the repository");
    return dir;
  }
}
