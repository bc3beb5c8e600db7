package dev.parley.cli;

import dev.parley.protocol.Views;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley chat <channel>}: the last events, then live ones; every stdin line is posted.
 * With {@code --once TEXT}: post one message, print {@code posted <channelId> <seq>}, exit.
 */
@Command(name = "chat",
    description = {
      "Show a channel's recent and live messages and post each line read from stdin.",
      "Lines: '[HH:mm] username: text', '* username joined', '* username left'.",
      "Ends at the end of stdin, once every post is acknowledged (or after --timeout)."
    })
final class ChatCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "<channel>", description = "A channel id, or a name with or without '#'.")
  String channel;

  @Option(names = "--workspace", paramLabel = "ID", description = "The workspace (id or name) of an ambiguous channel name.")
  String workspace;

  @Option(names = "--once", paramLabel = "TEXT", description = "Post TEXT, print 'posted <channelId> <seq>' on the ok, exit.")
  String once;

  @Option(names = "--history", paramLabel = "N", defaultValue = "20", description = "Events shown first, 0..200. Default: ${DEFAULT-VALUE}.")
  int history;

  @Override
  public Integer call() {
    Context context = ParleyCli.context(spec);
    if (history < 0 || history > 200) {
      throw context.usageError("--history must be 0..200");
    }
    if (once != null && once.isBlank()) {
      throw context.usageError("--once needs a non-blank text");
    }
    Connector connector = context.connector();
    SecureRandom random = new SecureRandom();
    try (ChatSession session = new ChatSession(
        connector,
        new EventFormatter(context.codec(), ZoneId.systemDefault()),
        context.out(),
        context.err(),
        Clock.systemUTC(),
        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), random::nextDouble),
        context.timeout(),
        new PendingPosts(() -> UUID.randomUUID().toString()))) {
      Connector.Connected connected = connector.connect(Map.of(), session);
      try {
        Views.Channel target = new ChannelResolver(connected.auth().workspaces(), connected.auth().channels())
            .resolve(channel, workspace);
        return once != null
            ? session.once(connected, target, once)
            : session.chat(connected, target, history, context.stdin());
      } finally {
        connected.connection().close();
      }
    }
  }
}
