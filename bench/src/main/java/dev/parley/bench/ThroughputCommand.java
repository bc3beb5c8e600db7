package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "throughput", mixinStandardHelpOptions = true,
    description = "W writers post to C channels of S members: acked posts/s, deliveries/s, errors.")
final class ThroughputCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ShapeOptions shape;
  @Mixin OutputOptions output;

  @Option(names = "--rate", defaultValue = "0",
      description = "Open loop at this many posts/s in total; 0 (default) runs a closed loop at the maximum.")
  double rate;

  @Option(names = "--in-flight", defaultValue = "4", description = "Closed loop: unacknowledged posts per writer (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Override
  public Integer call() {
    Pacing pacing = rate > 0 ? new Pacing.OpenLoop(rate) : new Pacing.ClosedLoop(inFlight);
    return ParleyBench.runAndPrint(common.config("throughput", shape.channels, shape.members, shape.writers, pacing), output);
  }
}
