package dev.parley.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code --find-max} searches for the highest rate the server sustains. */
final class FindMaxOptions {
  @Option(names = "--start-rate", defaultValue = "100",
      description = "Find-max: first rate tried, doubled while sustained (default: ${DEFAULT-VALUE}).")
  double startRate;

  @Option(names = "--bisect-steps", defaultValue = "3",
      description = "Find-max: steps halving the interval between the last sustained and the first failed rate (default: ${DEFAULT-VALUE}).")
  int bisectSteps;

  @Option(names = "--step-duration", defaultValue = "8s", converter = DurationConverter.class,
      description = "Find-max: measured time per step (default: ${DEFAULT-VALUE}).")
  Duration stepDuration;

  @Option(names = "--step-warmup", defaultValue = "2s", converter = DurationConverter.class,
      description = "Find-max: warm-up per step (default: ${DEFAULT-VALUE}).")
  Duration stepWarmup;

  @Option(names = "--max-p99", defaultValue = "500ms", converter = DurationConverter.class,
      description = "Find-max: a step whose post -> ok p99 is above this is not sustained (default: ${DEFAULT-VALUE}).")
  Duration maxP99;

  @Option(names = "--min-acked-ratio", defaultValue = "0.95",
      description = "Find-max: a step whose acked posts/s fall below this share of its rate is not sustained (default: ${DEFAULT-VALUE}).")
  double minAckedRatio;

  @Option(names = "--max-steps", defaultValue = "12", description = "Find-max: at most this many steps (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  FindMax.Settings settings() {
    return new FindMax.Settings(startRate, bisectSteps, maxSteps, stepWarmup, stepDuration, maxP99, minAckedRatio);
  }
}
