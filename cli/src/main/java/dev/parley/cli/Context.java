package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.WireCodec;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * What every command needs, built from the global options and the environment: where the server
 * is, the session store, the streams. The server of a logged-in profile is the one it logged in
 * to; {@code --server} (or {@code PARLEY_SERVER}) only chooses it for {@code register} and
 * {@code login}, and an explicit {@code --server} that differs from the profile's is an error.
 */
final class Context {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  private final CommandLine root;
  private final CommandLine command;
  private final Map<String, String> env;
  private final InputStream stdin;
  private final String explicitServer;
  private final String profile;
  private final Duration timeout;
  private final WireCodec codec = new WireCodec(Limits.DEFAULTS);
  private HttpClient http;

  Context(CommandLine root, CommandLine command, Map<String, String> env, InputStream stdin, String explicitServer,
      String profile, Duration timeout) {
    this.root = root;
    this.command = command;
    this.env = env;
    this.stdin = stdin;
    this.explicitServer = explicitServer;
    this.profile = usage(() -> SessionStore.checkProfile(profile));
    this.timeout = timeout;
  }

  PrintWriter out() {
    return root.getOut();
  }

  PrintWriter err() {
    return root.getErr();
  }

  InputStream stdin() {
    return stdin;
  }

  String profile() {
    return profile;
  }

  Duration timeout() {
    return timeout;
  }

  WireCodec codec() {
    return codec;
  }

  SessionStore store() {
    String home = env.get("PARLEY_CLI_HOME");
    if (home == null || home.isBlank()) {
      home = Path.of(System.getProperty("user.home"), ".parley").toString();
    }
    return new SessionStore(Path.of(home));
  }

  /** For register and login: {@code --server}, else {@code PARLEY_SERVER}, else the default. */
  ServerAddress serverForLogin() {
    String url = explicitServer;
    if (url == null) {
      url = env.get("PARLEY_SERVER");
    }
    if (url == null || url.isBlank()) {
      url = DEFAULT_SERVER;
    }
    String chosen = url;
    return usage(() -> ServerAddress.parse(chosen));
  }

  synchronized HttpClient http() {
    if (http == null) {
      http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(timeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
    }
    return http;
  }

  AuthClient authClient(ServerAddress server) {
    return new AuthClient(http(), server, timeout);
  }

  /** The profile's session; {@code unauthorized} if there is none. */
  Session session() {
    Session session = store().load(profile).orElseThrow(() -> new CliException(ErrorCode.UNAUTHORIZED,
        "profile '" + profile + "' is not logged in; run 'parley login <username>'"));
    if (explicitServer != null) {
      ServerAddress wanted = usage(() -> ServerAddress.parse(explicitServer));
      if (!wanted.toString().equals(session.server())) {
        throw new CliException(ErrorCode.BAD_REQUEST, "profile '" + profile + "' is logged in to "
            + session.server() + ", not " + wanted + "; log in there or use another --profile");
      }
    }
    return session;
  }

  /** Opens authenticated connections for the logged-in profile, refreshing its tokens as needed. */
  Connector connector() {
    ServerAddress server = sessionServer();
    return new Connector(http(), server, codec, credentials(server), timeout);
  }

  /** Uploads files as the logged-in profile. */
  FileUploader fileUploader() {
    ServerAddress server = sessionServer();
    return new FileUploader(http(), server, credentials(server));
  }

  private ServerAddress sessionServer() {
    try {
      return ServerAddress.parse(session().server());
    } catch (IllegalArgumentException e) {
      throw new CliException(ErrorCode.UNAUTHORIZED, "the session of profile '" + profile + "' names no valid server; log in again");
    }
  }

  private Credentials credentials(ServerAddress server) {
    return new Credentials(store(), profile, session(), authClient(server));
  }

  /** Connects and authenticates, runs {@code work}, closes. */
  <T> T withConnection(Function<Connector.Connected, T> work) {
    Connector.Connected connected = connector().connect(Map.of(), Connection.Handler.IGNORE);
    try {
      return work.apply(connected);
    } finally {
      connected.connection().close();
    }
  }

  /** A bad value given on the command line: picocli prints it with the usage and exits 2. */
  CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(command, message);
  }

  private <T> T usage(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
  }
}
