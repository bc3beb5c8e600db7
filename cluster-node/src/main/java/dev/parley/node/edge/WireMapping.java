package dev.parley.node.edge;

import dev.parley.node.Ids;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Views;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Entity values to wire shapes: the one place where the two meet. */
public final class WireMapping {
  private WireMapping() {}

  /** A post or edit whose text is null belongs to a deleted message (see {@link Channel.EventsPage}). */
  public static ChannelEventData event(String channelId, ChannelEvent.Sequenced event) {
    if (event instanceof ChannelEvent.MessagePosted p) {
      boolean deleted = p.text() == null;
      return new ChannelEventData.MessagePosted(
          channelId, p.seq(), p.author(), p.text(), p.ts(), p.clientMsgId(), p.threadSeq(),
          deleted ? null : p.mentions(), deleted ? Boolean.TRUE : null, files(p.files()), p.hookName(), botFlag(p.author()));
    }
    if (event instanceof ChannelEvent.MemberJoined j) {
      return new ChannelEventData.MemberJoined(channelId, j.seq(), j.userId());
    }
    if (event instanceof ChannelEvent.MemberLeft l) {
      return new ChannelEventData.MemberLeft(channelId, l.seq(), l.userId());
    }
    if (event instanceof ChannelEvent.MessageEdited e) {
      return new ChannelEventData.MessageEdited(channelId, e.seq(), e.target(), e.text(), e.ts());
    }
    if (event instanceof ChannelEvent.MessageDeleted d) {
      return new ChannelEventData.MessageDeleted(channelId, d.seq(), d.target());
    }
    if (event instanceof ChannelEvent.ReactionAdded a) {
      return new ChannelEventData.ReactionAdded(channelId, a.seq(), a.target(), a.emoji(), a.userId());
    }
    if (event instanceof ChannelEvent.ReactionRemoved r) {
      return new ChannelEventData.ReactionRemoved(channelId, r.seq(), r.target(), r.emoji(), r.userId());
    }
    if (event instanceof ChannelEvent.ArchiveChanged a) {
      return a.archived()
          ? new ChannelEventData.ChannelArchived(channelId, a.seq(), a.userId())
          : new ChannelEventData.ChannelUnarchived(channelId, a.seq(), a.userId());
    }
    if (event instanceof ChannelEvent.ChannelRenamed n) {
      return new ChannelEventData.ChannelRenamed(channelId, n.seq(), n.name(), n.userId());
    }
    if (event instanceof ChannelEvent.ChannelDeleted d) {
      return new ChannelEventData.ChannelDeleted(channelId, d.seq(), d.userId());
    }
    ChannelEvent.TopicChanged t = (ChannelEvent.TopicChanged) event;
    return new ChannelEventData.TopicChanged(channelId, t.seq(), t.topic());
  }

  /** Null for none, so that posts without files look as they always did. */
  private static List<Views.File> files(List<ChannelEvent.PostedFile> files) {
    return files.isEmpty() ? null : files.stream().map(WireMapping::file).toList();
  }

  public static Views.File file(ChannelEvent.PostedFile f) {
    return new Views.File(f.id(), f.name(), f.size(), f.contentType(), f.thumbnail() ? Boolean.TRUE : null);
  }

  public static Views.HistoryEntry historyEntry(String channelId, ChannelEvent.Sequenced event) {
    ChannelEventData data = event(channelId, event);
    return new Views.HistoryEntry(data.type(), data);
  }

  public static Views.Channel channel(Channel.Summary summary, long readSeq, int mentions) {
    return new Views.Channel(
        summary.channelId(),
        summary.workspaceId(),
        summary.name(),
        summary.kind().wire(),
        summary.topic(),
        summary.lastSeq(),
        readSeq,
        mentions,
        summary.archived(),
        summary.memberCount());
  }

  /** A channel of a workspace's directory: no topic, no seqs. */
  public static Views.Channel channel(Workspace.ChannelEntry entry, String workspaceId) {
    return new Views.Channel(entry.channelId(), workspaceId, entry.name(), entry.kind().wire(), null, null, null, null, null);
  }

  /** A member of a workspace with the presence their session shows. */
  public static Views.Member member(Workspace.Member member, String presence) {
    return new Views.Member(member.userId(), member.username(), member.role().wire(), presence, botFlag(member.userId()));
  }

  /** {@code bot: true} for a bot account's id, absent (null) for anyone else's. */
  private static Boolean botFlag(String userId) {
    return Ids.isBot(userId) ? Boolean.TRUE : null;
  }

  public static Views.Workspace workspace(Workspace.Summary summary) {
    return new Views.Workspace(summary.workspaceId(), summary.name(), summary.role().wire());
  }

  public static Views.Workspace workspace(UserSession.WorkspaceMembership membership) {
    return new Views.Workspace(membership.workspaceId(), membership.name(), membership.role().wire());
  }

  /** A channel as the user's own index knows it: no topic, and seqs only where the caller knows them. */
  public static Views.Channel channel(UserSession.ChannelMembership channel, Long lastSeq, Long readSeq) {
    return new Views.Channel(
        channel.channelId(), channel.workspaceId(), channel.name(), channel.kind().wire(), null, lastSeq, readSeq, null, null);
  }

  public static UserSession.ChannelMembership membership(Channel.Summary summary) {
    return new UserSession.ChannelMembership(
        summary.channelId(), summary.workspaceId(), summary.name(), summary.kind());
  }

  /** The user's workspaces as the contract lists them. */
  public static List<Views.Workspace> workspaces(UserSession.State state) {
    return state.workspaces().values().stream()
        .map(WireMapping::workspace)
        .sorted(Comparator.comparing(Views.Workspace::name))
        .toList();
  }

  /**
   * The answer to {@code auth}: the user, their workspaces, and the channels they are in by name,
   * with the read markers and unread mentions their session holds.
   */
  public static Reply.AuthOk authOk(
      AuthenticatedUser user, String sessionId, UserSession.State state, Collection<Channel.Summary> channels, List<String> features) {
    List<Views.Channel> views =
        channels.stream()
            .sorted(Comparator.comparing(Channel.Summary::name))
            .map(summary -> channel(summary, state.readSeq(summary.channelId()), state.mentionCount(summary.channelId())))
            .toList();
    return new Reply.AuthOk(new Views.User(user.userId(), user.username(), user.displayName()), sessionId, workspaces(state), views, features);
  }

  // What a user's connections hear of their session

  public static Ephemeral.ChannelAdded channelAdded(UserSession.ChannelMembership channel, Long lastSeq, Long readSeq) {
    return new Ephemeral.ChannelAdded(channel(channel, lastSeq, readSeq));
  }

  public static Ephemeral.WorkspaceRemoved workspaceRemoved(UserSession.WorkspaceRemoved removed) {
    return new Ephemeral.WorkspaceRemoved(removed.workspaceId());
  }

  public static Ephemeral.Read read(UserSession.ReadUpdated read) {
    return new Ephemeral.Read(read.channelId(), read.seq());
  }

  public static Ephemeral.Presence presence(UserSession.PresenceChanged presence) {
    return new Ephemeral.Presence(presence.userId(), presence.status());
  }

  public static Ephemeral.CallSignal callSignal(UserSession.CallSignalled call) {
    return new Ephemeral.CallSignal(call.fromUserId(), call.callId(), call.kind(), call.payload());
  }
}
