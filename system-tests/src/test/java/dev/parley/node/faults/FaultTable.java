package dev.parley.node.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The suite's results, written after every scenario to {@code target/faults/table.txt} for scripts/faults.sh. */
final class FaultTable {
  private static final Path FILE = Path.of("target", "faults", "table.txt");

  private final List<ScenarioResult> results = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  synchronized void add(ScenarioResult result) {
    results.add(result);
    System.out.println(result);
    write();
  }

  /** A line under the table: the seed, a storm's or a soak's figures. */
  synchronized void note(String line) {
    notes.add(line);
    System.out.println(line);
    write();
  }

  private void write() {
    List<String> lines = new ArrayList<>();
    lines.add(ScenarioResult.HEADER);
    results.forEach(result -> lines.add(result.row()));
    lines.add("");
    results.forEach(result -> lines.add(result.scenario() + ": " + result.details() + (result.failures().isEmpty() ? "" : " FAILURES: " + result.failures())));
    lines.addAll(notes);
    try {
      Files.createDirectories(FILE.getParent());
      Files.write(FILE, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
