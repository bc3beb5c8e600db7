package dev.parley.node.session;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.session.UserSession.ChannelAdded;
import dev.parley.node.session.UserSession.ChannelForgotten;
import dev.parley.node.session.UserSession.ChannelMembership;
import dev.parley.node.session.UserSession.ChannelRecorded;
import dev.parley.node.session.UserSession.ChannelRemoved;
import dev.parley.node.session.UserSession.Event;
import dev.parley.node.session.UserSession.ForgetChannel;
import dev.parley.node.session.UserSession.ForgetWorkspace;
import dev.parley.node.session.UserSession.RecordChannel;
import dev.parley.node.session.UserSession.RecordWorkspace;
import dev.parley.node.session.UserSession.State;
import dev.parley.node.session.UserSession.WorkspaceForgotten;
import dev.parley.node.session.UserSession.WorkspaceMembership;
import dev.parley.node.session.UserSession.WorkspaceRecorded;
import dev.parley.node.session.UserSession.WorkspaceRemoved;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link UserSession}'s commands that keep the user's index of workspaces and channels, written
 * by the edge after the authority (Workspace or Channel) accepted; each is idempotent, and the
 * user's live connections hear of what changed.
 */
final class MembershipCommands {
  private final EffectFactories<Event, State> effect;
  private final Attachments attachments;

  MembershipCommands(EffectFactories<Event, State> effect, Attachments attachments) {
    this.effect = effect;
    this.attachments = attachments;
  }

  ReplyEffect<Event, State> recordWorkspace(State state, RecordWorkspace c) {
    WorkspaceMembership membership = new WorkspaceMembership(c.workspaceId(), c.name(), c.role());
    if (membership.equals(state.workspaces().get(c.workspaceId()))) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new WorkspaceRecorded(membership))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> recordChannel(State state, RecordChannel c) {
    ChannelAdded notice = new ChannelAdded(c.channel(), c.joinedSeq());
    if (c.channel().equals(state.channels().get(c.channel().channelId()))) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new ChannelRecorded(c.channel()))
        .thenRun(next -> attachments.notifyConnections(notice))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> forgetChannel(State state, ForgetChannel c) {
    if (!state.channels().containsKey(c.channelId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new ChannelForgotten(c.channelId()))
        .thenRun(next -> attachments.notifyConnections(new ChannelRemoved(c.channelId())))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> forgetWorkspace(State state, ForgetWorkspace c) {
    List<String> channels =
        state.channels().values().stream()
            .filter(channel -> channel.workspaceId().equals(c.workspaceId()))
            .map(ChannelMembership::channelId)
            .toList();
    if (!state.workspaces().containsKey(c.workspaceId()) && channels.isEmpty()) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new WorkspaceForgotten(c.workspaceId()))
        .thenRun(
            next -> {
              attachments.notifyConnections(new WorkspaceRemoved(c.workspaceId()));
              channels.forEach(channelId -> attachments.notifyConnections(new ChannelRemoved(channelId)));
            })
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }
}
