package dev.parley.bench;

import java.util.OptionalLong;

/** Reads one sample out of the Prometheus text exposition format. */
final class PrometheusText {
  private PrometheusText() {}

  /**
   * The value of metric {@code name} whose labels contain {@code label} (e.g. {@code area="heap"}),
   * or of the unlabelled sample when {@code label} is null; summed when several samples match.
   */
  static OptionalLong value(String text, String name, String label) {
    double sum = 0;
    boolean found = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      boolean labelled = rest.startsWith("{");
      if (!labelled && !rest.startsWith(" ")) {
        continue; // a longer name with this prefix
      }
      if (label != null && !(labelled && rest.substring(0, rest.indexOf('}') + 1).contains(label))) {
        continue;
      }
      String[] parts = rest.substring(labelled ? rest.indexOf('}') + 1 : 0).trim().split("\\s+");
      try {
        sum += Double.parseDouble(parts[0]);
        found = true;
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
  }
}
