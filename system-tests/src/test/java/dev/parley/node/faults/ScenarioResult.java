package dev.parley.node.faults;

import java.util.List;

/** One row of the fault table: what the checker found after a scenario, and its verdict. */
record ScenarioResult(
    String scenario,
    int acked,
    int lost,
    int duplicated,
    int moved,
    int reordered,
    int unknown,
    double longestUnavailableMillis,
    List<String> failures,
    String details) {

  boolean passed() {
    return failures.isEmpty() && lost == 0 && duplicated == 0 && moved == 0 && reordered == 0;
  }

  static final String HEADER =
      String.format("%-22s %8s %5s %5s %5s %9s %7s %14s  %s", "scenario", "acked", "lost", "dup", "moved", "reordered", "unknown", "unavailable-ms", "verdict");

  String row() {
    return String.format(
        "%-22s %8d %5d %5d %5d %9d %7d %14.0f  %s",
        scenario, acked, lost, duplicated, moved, reordered, unknown, longestUnavailableMillis, passed() ? "PASS" : "FAIL");
  }

  @Override
  public String toString() {
    return row() + System.lineSeparator() + "  " + details + (failures.isEmpty() ? "" : System.lineSeparator() + "  failures: " + failures);
  }
}
