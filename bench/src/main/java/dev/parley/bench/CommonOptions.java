package dev.parley.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options of every scenario that posts: where, how long, how big. */
final class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--url", split = ",", defaultValue = "http://127.0.0.1:8080",
      description = "The node's HTTP address; several, comma-separated, spread the members' connections over the nodes "
          + "(default: ${DEFAULT-VALUE}).")
  List<URI> urls;

  @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to measure, after the warm-up (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "Load before measuring, not counted in rates or latencies (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--text-chars", defaultValue = "64", description = "Characters per message (default: ${DEFAULT-VALUE}).")
  int textChars;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Longest wait for one reply (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** The run these options describe; an impossible shape is a usage error, not a crash. */
  ScenarioConfig config(String scenario, int channels, int members, int writers, Pacing pacing) {
    try {
      return new ScenarioConfig(scenario, urls, channels, members, writers, pacing, warmup, duration, textChars, timeout);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
