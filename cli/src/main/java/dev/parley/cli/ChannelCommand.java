package dev.parley.cli;

import dev.parley.protocol.ChannelRequest;
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

/** {@code parley channel create|join|list}, and the workspace owners' and admins' {@code archive|unarchive|rename|delete}. */
@Command(name = "channel", description = "Create, join and list channels; workspace owners and admins archive and delete them.")
final class ChannelCommand {
  @Spec CommandSpec spec;

  @Command(name = "create", description = "Create a channel; prints: channel <id> #<name>")
  int create(
      @Parameters(paramLabel = "<workspaceId>") String workspaceId,
      @Parameters(paramLabel = "<name>", description = "1..80 characters of [a-z0-9._-].") String name,
      @Option(names = "--private", description = "Members only; others cannot see or join it.") boolean isPrivate,
      @Option(names = "--topic", paramLabel = "TEXT") String topic) {
    Context context = ParleyCli.context(spec);
    ChannelRequest.ChannelCreate request = new ChannelRequest.ChannelCreate(workspaceId, name, isPrivate ? Boolean.TRUE : null, topic);
    Reply.ChannelOk created = context.withConnection(c -> context.codec().convert(
        c.connection().call(request), Reply.ChannelOk.class));
    context.out().println(Lines.channel(created.channel()));
    return 0;
  }

  @Command(name = "join", description = "Join a public channel; prints: channel <id> #<name>")
  int join(@Parameters(paramLabel = "<channelId>") String channelId) {
    Context context = ParleyCli.context(spec);
    Reply.ChannelOk joined = context.withConnection(c -> context.codec().convert(
        c.connection().call(new ChannelRequest.ChannelJoin(channelId)), Reply.ChannelOk.class));
    context.out().println(Lines.channel(joined.channel()));
    return 0;
  }

  @Command(name = "archive", description = "Make a channel read-only (workspace owner or admin); still readable and searchable.")
  int archive(@Parameters(paramLabel = "<channelId>") String channelId) {
    return action("channel.archive", channelId, "archived");
  }

  @Command(name = "unarchive", description = "Make an archived channel writable again (workspace owner or admin).")
  int unarchive(@Parameters(paramLabel = "<channelId>") String channelId) {
    return action("channel.unarchive", channelId, "unarchived");
  }

  @Command(name = "rename", description = "Rename a channel (workspace owner or admin); its members see the new name.")
  int rename(
      @Parameters(paramLabel = "<channelId>") String channelId,
      @Parameters(paramLabel = "<name>", description = "1..80 characters of [a-z0-9._-], free in the workspace.") String name) {
    Context context = ParleyCli.context(spec);
    context.withConnection(c -> c.connection().call(new ChannelRequest.ChannelRename(channelId, name)));
    context.out().println("renamed " + channelId + " #" + name);
    return 0;
  }

  @Command(name = "delete", description = "Delete a channel (workspace owner or admin): its history is gone for everyone.")
  int delete(@Parameters(paramLabel = "<channelId>") String channelId) {
    return action("channel.delete", channelId, "deleted");
  }

  private int action(String op, String channelId, String done) {
    Context context = ParleyCli.context(spec);
    context.withConnection(c -> c.connection().call(new ChannelRequest.ChannelAction(op, channelId)));
    context.out().println(done + " " + channelId);
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
