package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Views;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Finds the channel a user means among the channels of the {@code auth} reply: an exact channel
 * id, else a name with or without {@code #}. A name found in several workspaces needs {@code
 * --workspace} (an id or an exact workspace name).
 */
final class ChannelResolver {
  private final List<Views.Workspace> workspaces;
  private final List<Views.Channel> channels;

  ChannelResolver(List<Views.Workspace> workspaces, List<Views.Channel> channels) {
    this.workspaces = workspaces == null ? List.of() : workspaces;
    this.channels = channels == null ? List.of() : channels;
  }

  Views.Channel resolve(String channel, String workspace) {
    for (Views.Channel c : channels) {
      if (c.id().equals(channel)) {
        return c;
      }
    }
    String name = (channel.startsWith("#") ? channel.substring(1) : channel).toLowerCase(Locale.ROOT);
    String workspaceId = workspace == null ? null : workspaceId(workspace);
    List<Views.Channel> matches =
        channels.stream()
            .filter(c -> name.equals(c.name()))
            .filter(c -> workspaceId == null || workspaceId.equals(c.workspaceId()))
            .toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new CliException(ErrorCode.NOT_FOUND,
          "you are not in a channel '" + channel + "'" + (workspace == null ? "" : " in workspace " + workspace)
              + " (see 'parley channel list')");
    }
    String where = matches.stream().map(Views.Channel::workspaceId).sorted().collect(Collectors.joining(", "));
    throw new CliException(ErrorCode.BAD_REQUEST,
        "channel '#" + name + "' is in several workspaces (" + where + "): add --workspace ID");
  }

  private String workspaceId(String workspace) {
    for (Views.Workspace w : workspaces) {
      if (w.id().equals(workspace)) {
        return w.id();
      }
    }
    List<Views.Workspace> named = workspaces.stream().filter(w -> workspace.equals(w.name())).toList();
    if (named.size() == 1) {
      return named.get(0).id();
    }
    if (named.isEmpty()) {
      throw new CliException(ErrorCode.NOT_FOUND, "you are not in a workspace '" + workspace + "'");
    }
    throw new CliException(ErrorCode.BAD_REQUEST,
        "several of your workspaces are named '" + workspace + "': give its id");
  }
}
