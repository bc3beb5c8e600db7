package dev.parley.bench;

import picocli.CommandLine.Option;

/** How many channels, members and writers the throughput and latency scenarios use. */
final class ShapeOptions {
  @Option(names = "--channels", defaultValue = "4", description = "Channels C (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--members", defaultValue = "3", description = "Members S per channel, one connection each (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(names = "--writers", defaultValue = "4",
      description = "Writers W, each a distinct member on its own connection; at most C*S (default: ${DEFAULT-VALUE}).")
  int writers;
}
