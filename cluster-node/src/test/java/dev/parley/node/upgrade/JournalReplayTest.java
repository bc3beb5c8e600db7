package dev.parley.node.upgrade;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every journal fixture ever written (one per release, by {@link JournalFixtureWriter}) still
 * replays: its events and snapshots deserialize, the entities recover, and a node on it shows
 * what the version that wrote it showed (docs/upgrading.md).
 */
class JournalReplayTest {

  static List<Path> fixtures() {
    try {
      Path root = Path.of(JournalReplayTest.class.getResource("/journal-fixtures").toURI());
      try (Stream<Path> dirs = Files.list(root)) {
        return dirs.filter(Files::isDirectory).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void thereIsAFixture() {
    assertFalse(fixtures().isEmpty(), "no journal fixture under src/test/resources/journal-fixtures");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aNodeOnTheFixturesJournalShowsItsFacts(Path fixture) {
    JournalReplay.replay(fixture);
  }
}
