package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = "W writers post to C channels of S members: acked posts/s, deliveries/s, errors; "
        + "with --find-max, the highest open-loop rate the server sustains.")
final class ThroughputCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ShapeOptions shape;
  @Mixin OutputOptions output;
  @Mixin FindMaxOptions findMaxOptions;

  @Option(names = "--rate", defaultValue = "0",
      description = "Open loop at this many posts/s in total; 0 (default) runs a closed loop at the maximum.")
  double rate;

  @Option(names = "--in-flight", defaultValue = "4", description = "Closed loop: unacknowledged posts per writer (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--find-max",
      description = "Step the open-loop rate (double, then bisect) until acked posts/s fall behind it, errors appear or p99 explodes; "
          + "report the highest sustained rate. --warmup runs once, before the first step; --duration and --rate are replaced by the --step-* options.")
  boolean findMax;

  @Override
  public Integer call() {
    if (findMax) {
      ScenarioConfig shapeOnly = common.config("throughput", shape.channels, shape.members, shape.writers, new Pacing.OpenLoop(findMaxOptions.startRate));
      return ParleyBench.print(FindMax.search(shapeOnly, findMaxOptions.settings(), System.err), output);
    }
    Pacing pacing = rate > 0 ? new Pacing.OpenLoop(rate) : new Pacing.ClosedLoop(inFlight);
    return ParleyBench.runAndPrint(common.config("throughput", shape.channels, shape.members, shape.writers, pacing), output);
  }
}
