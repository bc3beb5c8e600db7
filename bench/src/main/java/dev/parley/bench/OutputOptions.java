package dev.parley.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How every scenario reports: a table on stdout, or JSON, and optionally an HTML plot. */
final class OutputOptions {
  @Option(names = "--json", description = "Print the result as JSON instead of a table.")
  boolean json;

  @Option(names = "--plot", paramLabel = "FILE.html",
      description = "Also write a self-contained HTML file plotting rates and latency percentiles over time.")
  Path plot;
}
