package dev.parley.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "failover", mixinStandardHelpOptions = true,
    description = "Steady load while a shell command kills a node; clients move to the other --url nodes: "
        + "per-channel unavailability and a history check of every acked post.")
final class FailoverCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = "--url", split = ",", required = true,
      description = "The nodes' HTTP addresses (repeat or separate with commas); writers start spread over them and move on when one fails.")
  List<URI> urls;

  @Option(names = "--kill-command", required = true,
      description = "Shell command (sh -c) that takes a node down, e.g. \"kill -9 $(cat /tmp/node2.pid)\".")
  String killCommand;

  @Option(names = "--kill-after", defaultValue = "10s", converter = DurationConverter.class,
      description = "When the kill command runs, from the start of the load (default: ${DEFAULT-VALUE}).")
  Duration killAfter;

  @Option(names = "--duration", defaultValue = "40s", converter = DurationConverter.class,
      description = "How long the load runs (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--channels", defaultValue = "6", description = "Channels, one writer each (default: ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--rate", defaultValue = "60", description = "Posts/s in total (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--timeout", defaultValue = "2s", converter = DurationConverter.class,
      description = "Longest wait for one reply before the writer moves to the next node (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--setup-timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "Longest wait for one set-up request (registration, workspace and channel) (default: ${DEFAULT-VALUE}).")
  Duration setupTimeout;

  @Option(names = "--reconnect-delay", defaultValue = "200ms", converter = DurationConverter.class,
      description = "Pause before trying the next node (default: ${DEFAULT-VALUE}).")
  Duration reconnectDelay;

  @Option(names = "--check-timeout", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long a post may keep retrying after the load ends, and how long the history check may take per channel (default: ${DEFAULT-VALUE}).")
  Duration checkTimeout;

  @Option(names = "--text-chars", defaultValue = "64", description = "Characters per message (default: ${DEFAULT-VALUE}).")
  int textChars;

  @Override
  public Integer call() {
    FailoverConfig config;
    try {
      config = new FailoverConfig(urls, channels, rate, duration, killAfter, killCommand, timeout, setupTimeout, reconnectDelay, checkTimeout, textChars);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return ParleyBench.print(FailoverRun.run(config, this::runKillCommand, System.err), output);
  }

  /** The command's output goes to stderr with the progress lines; its exit status goes into the result. */
  private String runKillCommand() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", killCommand)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.INHERIT)
        .start();
    return "exit " + process.waitFor();
  }
}
