package dev.parley.bench;

import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every scenario takes. */
final class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The node's HTTP address (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to measure, after the warm-up (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "Load before measuring, not counted in rates or latencies (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--channels", defaultValue = "4", description = "Channels C (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--members", defaultValue = "3", description = "Members S per channel, one connection each (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(names = "--writers", defaultValue = "4",
      description = "Writers W, each a distinct member on its own connection; at most C*S (default: ${DEFAULT-VALUE}).")
  int writers;

  @Option(names = "--text-chars", defaultValue = "64", description = "Characters per message (default: ${DEFAULT-VALUE}).")
  int textChars;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Longest wait for one reply (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print the result as JSON instead of a table.")
  boolean json;

  /** The run these options describe; an impossible shape is a usage error, not a crash. */
  ScenarioConfig config(String scenario, Pacing pacing) {
    try {
      return new ScenarioConfig(scenario, url, channels, members, writers, pacing, warmup, duration, textChars, timeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
