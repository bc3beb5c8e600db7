package dev.parley.bench;

import dev.parley.protocol.BuildInfo;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator of issue 6. It speaks only the wire contract, so it can be pointed at any
 * server that implements it. Exit status: 0 when the run was correct (no errors, every
 * acknowledged post delivered to every member exactly once), 1 when not or when the set-up
 * failed, 2 for bad options.
 */
@Command(name = "parley-bench", mixinStandardHelpOptions = true, versionProvider = ParleyBench.Version.class,
    description = "Load generator for Parley (wire contract v1).",
    subcommands = {ThroughputCommand.class, LatencyCommand.class, FanoutCommand.class, ConnectionsCommand.class, FailoverCommand.class})
public final class ParleyBench implements Runnable {
  private static final int INCORRECT = 1;

  public static void main(String[] args) {
    CommandLine commandLine =
        new CommandLine(new ParleyBench())
            .setExecutionExceptionHandler((error, cmd, parsed) -> {
              // A server that cannot be reached or refuses the set-up: say so in one line.
              Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
              cmd.getErr().println("parley-bench: " + (cause.getMessage() != null ? cause.getMessage() : cause));
              if (!(cause instanceof BenchException)) {
                cause.printStackTrace(cmd.getErr());
              }
              return CommandLine.ExitCode.SOFTWARE;
            });
    System.exit(commandLine.execute(args));
  }

  /** {@code --version}: the build of this jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.CURRENT.line("parley-bench")};
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static int runAndPrint(ScenarioConfig config, OutputOptions output) {
    return print(LoadRun.run(config, System.err), output);
  }

  static int print(Report report, OutputOptions output) {
    ResultPrinter.print(report, output, System.out);
    return report.correct() ? CommandLine.ExitCode.OK : INCORRECT;
  }
}
