package dev.parley.cli;

import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley channel create|join|list}. */
@Command(name = "channel", description = "Create, join and list channels.")
final class ChannelCommand {
  @Spec CommandSpec spec;

  @Command(name = "create", description = "Create a channel; prints: channel <id> #<name>")
  int create(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Parameters(paramLabel = "<name>", description = "1..80 characters of [a-z0-9._-].") String name,
      @Option(names = "--private", description = "Members only; others cannot see or join it.") boolean isPrivate,
      @Option(names = "--topic", paramLabel = "TEXT") String topic) {
    Context context = ParleyCli.context(spec);
    Request.ChannelCreate request = new Request.ChannelCreate(workspaceId, name, isPrivate ? Boolean.TRUE : null, topic);
    Reply.ChannelOk created = context.withConnection(c -> context.codec().convert(
        c.connection().call(request), Reply.ChannelOk.class));
    context.out().println(Lines.channel(created.channel()));
    return 0;
  }

  @Command(name = "join", description = "Join a public channel; prints: channel <id> #<name>")
  int join(@Parameters(paramLabel = "<channelId>") String channelId) {
    Context context = ParleyCli.context(spec);
    Reply.ChannelOk joined = context.withConnection(c -> context.codec().convert(
        c.connection().call(new Request.ChannelJoin(channelId)), Reply.ChannelOk.class));
    context.out().println(Lines.channel(joined.channel()));
    return 0;
  }

  @Command(name = "list",
      description = "Your channels; prints: channel <id> #<name> <kind> workspace=<id> unread=<n>")
  int list() {
    Context context = ParleyCli.context(spec);
    List<Views.Channel> channels = context.withConnection(c -> c.auth().channels());
    (channels == null ? List.<Views.Channel>of() : channels).stream()
        .sorted(Comparator.comparing(Views.Channel::workspaceId, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Views.Channel::name, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Views.Channel::id))
        .forEach(ch -> context.out().println(Lines.channelWithUnread(ch)));
    return 0;
  }
}
