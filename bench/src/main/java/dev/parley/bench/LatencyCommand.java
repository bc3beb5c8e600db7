package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Post -> delivered-to-every-member latency at a fixed rate (open loop, from the intended send time); "
        + "by default at half the maximum the server sustains.")
final class LatencyCommand implements Callable<Integer> {
  private static final double SHARE_OF_MAX = 0.5;
  private static final int NO_MAXIMUM = 1;

  @Mixin CommonOptions common;
  @Mixin ShapeOptions shape;
  @Mixin OutputOptions output;
  @Mixin FindMaxOptions findMaxOptions;

  @Option(names = "--rate", defaultValue = "0",
      description = "Posts/s in total; 0 (default): half of --max-rate, or, without it, half of what a find-max search (--step-* options) measures first.")
  double rate;

  @Option(names = "--max-rate", defaultValue = "0",
      description = "The server's maximum sustained posts/s if already known (e.g. from throughput --find-max); skips the search.")
  double maxRate;

  @Override
  public Integer call() {
    double chosen = rate;
    if (chosen <= 0) {
      double max = maxRate;
      if (max <= 0) {
        ScenarioConfig shapeOnly = common.config("latency", shape.channels, shape.members, shape.writers, new Pacing.OpenLoop(findMaxOptions.startRate));
        FindMaxResult search = FindMax.search(shapeOnly, findMaxOptions.settings(), System.err);
        max = search.maxSustainedRate();
        if (max <= 0) {
          System.err.println("parley-bench: no rate was sustained (from " + findMaxOptions.startRate + "/s); give --rate or a lower --start-rate");
          return NO_MAXIMUM;
        }
      }
      chosen = max * SHARE_OF_MAX;
      System.err.printf("latency at %.0f posts/s: half of the maximum %.0f posts/s%n", chosen, max);
    }
    return ParleyBench.runAndPrint(common.config("latency", shape.channels, shape.members, shape.writers, new Pacing.OpenLoop(chosen)), output);
  }
}
