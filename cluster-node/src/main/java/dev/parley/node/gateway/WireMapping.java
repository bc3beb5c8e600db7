package dev.parley.node.gateway;

import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.Views;

/** Entity values to wire shapes: the one place where the two meet. */
final class WireMapping {
  private WireMapping() {}

  static ChannelEventData event(String channelId, ChannelEvent.Sequenced event) {
    if (event instanceof ChannelEvent.MessagePosted p) {
      return new ChannelEventData.MessagePosted(
          channelId, p.seq(), p.author(), p.text(), p.ts(), p.clientMsgId(), p.threadSeq(), null);
    }
    if (event instanceof ChannelEvent.MemberJoined j) {
      return new ChannelEventData.MemberJoined(channelId, j.seq(), j.userId());
    }
    if (event instanceof ChannelEvent.MemberLeft l) {
      return new ChannelEventData.MemberLeft(channelId, l.seq(), l.userId());
    }
    throw new IllegalArgumentException("unmapped channel event " + event.getClass().getSimpleName());
  }

  static Views.HistoryEntry historyEntry(String channelId, ChannelEvent.Sequenced event) {
    ChannelEventData data = event(channelId, event);
    return new Views.HistoryEntry(data.type(), data);
  }

  static Views.Channel channel(Channel.Summary summary, long readSeq) {
    return new Views.Channel(
        summary.channelId(),
        summary.workspaceId(),
        summary.name(),
        summary.kind().wire(),
        summary.topic(),
        summary.lastSeq(),
        readSeq);
  }

  static Views.Workspace workspace(Workspace.Summary summary) {
    return new Views.Workspace(summary.workspaceId(), summary.name(), summary.role().wire());
  }

  static Views.Workspace workspace(UserSession.WorkspaceMembership membership) {
    return new Views.Workspace(membership.workspaceId(), membership.name(), membership.role().wire());
  }

  static UserSession.ChannelMembership membership(Channel.Summary summary) {
    return new UserSession.ChannelMembership(
        summary.channelId(), summary.workspaceId(), summary.name(), summary.kind());
  }
}
