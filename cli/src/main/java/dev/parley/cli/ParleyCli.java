package dev.parley.cli;

import dev.parley.protocol.BuildInfo;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code parley} command: global options and the subcommands. Exit codes: 0 done, 1 an
 * error ({@code error: <code>: <message>} on stderr), 2 a usage error.
 */
@Command(
    name = "parley",
    description = "Terminal client for a Parley chat server.",
    versionProvider = ParleyCli.Version.class,
    subcommands = {
      RegisterCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      WorkspaceCommand.class,
      ChannelCommand.class,
      ChatCommand.class,
      SendCommand.class,
      AdminCommand.class
    })
public final class ParleyCli {

  @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Server base URL (default: $PARLEY_SERVER, else " + Context.DEFAULT_SERVER + "). "
          + "A logged-in profile uses the server it logged in to.")
  String server;

  @Option(names = "--profile", paramLabel = "NAME", defaultValue = "default", scope = ScopeType.INHERIT,
      description = "Session profile, stored in $PARLEY_CLI_HOME/NAME.json (default: ~/.parley). Default: ${DEFAULT-VALUE}.")
  String profile;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", scope = ScopeType.INHERIT,
      converter = DurationConverter.class,
      description = "Time to wait for each reply: 10, 2.5s, 500ms, 1m. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
  boolean help;

  @Option(names = "--version", versionHelp = true, description = "Show the version, commit and build time, and exit.")
  boolean version;

  private final Map<String, String> env;
  private final InputStream stdin;

  ParleyCli(Map<String, String> env, InputStream stdin) {
    this.env = env;
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv(), System.in).execute(args));
  }

  /** The configured command line; tests replace env, stdin and (with setOut/setErr) the outputs. */
  static CommandLine commandLine(Map<String, String> env, InputStream stdin) {
    CommandLine commandLine = new CommandLine(new ParleyCli(env, stdin));
    commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
      PrintWriter err = cl.getErr();
      err.println(e instanceof CliException failure ? failure.line() : "error: internal: " + e);
      err.flush();
      return 1;
    });
    return commandLine;
  }

  /** {@code --version}: the build of this jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.CURRENT.line("parley")};
    }
  }

  /** The context for the command of {@code spec} (any depth below the root). */
  static Context context(CommandSpec spec) {
    ParleyCli root = (ParleyCli) spec.root().userObject();
    return new Context(spec.root().commandLine(), spec.commandLine(), root.env, root.stdin, root.server, root.profile, root.timeout);
  }
}
