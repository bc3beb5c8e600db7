package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Post -> delivered-to-every-member latency at a fixed rate (open loop, from the intended send time).")
final class LatencyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ShapeOptions shape;
  @Mixin OutputOptions output;

  @Option(names = "--rate", defaultValue = "200",
      description = "Posts/s in total; pick about half of the throughput scenario's maximum (default: ${DEFAULT-VALUE}).")
  double rate;

  @Override
  public Integer call() {
    return ParleyBench.runAndPrint(common.config("latency", shape.channels, shape.members, shape.writers, new Pacing.OpenLoop(rate)), output);
  }
}
