package dev.parley.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One channel with many members, all connected, and a few writers posting at a steady rate: the
 * cost of fan-out. Every member must get every post exactly once.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "One channel of many connected members, steady posts: deliveries/s and post -> delivered-to-all latency.")
final class FanoutCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin OutputOptions output;

  @Option(names = "--members", defaultValue = "1000", description = "Members of the channel, one connection each (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(names = "--writers", defaultValue = "4", description = "Members that post, in turn (default: ${DEFAULT-VALUE}).")
  int writers;

  @Option(names = "--rate", defaultValue = "20", description = "Posts/s in total, open loop (default: ${DEFAULT-VALUE}).")
  double rate;

  @Override
  public Integer call() {
    return ParleyBench.runAndPrint(common.config("fanout", 1, members, writers, new Pacing.OpenLoop(rate)), output);
  }
}
