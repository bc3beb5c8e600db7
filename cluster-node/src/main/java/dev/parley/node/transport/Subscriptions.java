package dev.parley.node.transport;

import dev.parley.node.Rejections;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.edge.WireMapping;
import dev.parley.node.session.PresenceHub;
import dev.parley.node.session.UserSession;
import dev.parley.node.transport.Connection.Command;
import dev.parley.node.transport.Connection.Fetch;
import dev.parley.node.transport.Connection.Filled;
import dev.parley.node.transport.Connection.Rejoined;
import dev.parley.node.transport.Connection.RetryFill;
import dev.parley.node.transport.Connection.RetryRejoin;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * What a {@link Live} connection follows and how it catches up: every channel the user is in,
 * through the outbox (this fetches from the log the holes the outbox finds), and the presence of
 * the members of the user's workspaces, through the node's presence hub. When the user's session
 * forgets the connection, what was missed meanwhile is followed again ({@link #resync}).
 */
final class Subscriptions {
  private final ActorContext<Command> context;
  private final ClientLink link;
  private final String userId;
  /** The presence last sent per user: a user in several shared workspaces is announced once per change. */
  private final Map<String, String> presenceSeen = new HashMap<>();
  /** Whether the client asked for {@code presence.batch} frames at {@code auth}. */
  private final boolean presenceBatches;

  Subscriptions(ActorContext<Command> context, ClientLink link, String userId, boolean presenceBatches) {
    this.context = context;
    this.link = link;
    this.userId = userId;
    this.presenceBatches = presenceBatches;
  }

  // Channels

  /** Starts delivering a channel to this connection, from after {@code delivered}. */
  void follow(String channelId, long delivered, long knownHead) {
    link.outbox.follow(channelId, delivered, knownHead);
  }

  /** A channel the user was added to, announced to the client unless this connection follows it already. */
  void added(UserSession.ChannelAdded added) {
    UserSession.ChannelMembership channel = added.channel();
    if (!link.outbox.follows(channel.channelId())) {
      announceAdded(WireMapping.channelAdded(channel, added.joinedSeq(), null));
    }
    followPresence(Set.of(channel.workspaceId()));
    follow(channel.channelId(), added.joinedSeq() - 1, added.joinedSeq());
  }

  void removed(UserSession.ChannelRemoved removed) {
    link.outbox.unfollow(removed.channelId());
  }

  void fetch(Fetch fetch) {
    ChannelCursor.Missing missing = fetch.missing();
    context.pipeToSelf(
        link.deps.chat().readEvents(userId, fetch.channelId(), missing.fromSeq() - 1, -1, (int) missing.count()),
        (page, failure) -> new Filled(fetch.channelId(), page, failure));
  }

  void filled(Filled filled) {
    String channelId = filled.channelId();
    if (filled.failure() != null) {
      link.outbox.fillFailed(channelId);
      ErrorCode code = Rejections.toProtocol(filled.failure()).code();
      if (code == ErrorCode.NOT_FOUND || code == ErrorCode.FORBIDDEN) {
        context.getLog().info("Session {} stopped following channel {}: its missed events were refused ({})", link.sessionId, channelId, code);
        link.outbox.unfollow(channelId);
      } else {
        link.timers.startSingleTimer(new RetryFill(channelId), link.deps.settings().fillRetry());
      }
      return;
    }
    List<Outbox.Pending> events = new ArrayList<>();
    for (ChannelEvent.Sequenced event : filled.page().events()) {
      events.add(new Outbox.Pending(event, link.deps.frames().event(channelId, event)));
    }
    link.outbox.filled(channelId, events);
  }

  void retryFill(RetryFill retry) {
    link.outbox.retryFill(retry.channelId());
  }

  // After the session moved

  /**
   * The session forgot this connection (it moved or restarted), so channel notices may have been
   * lost meanwhile: drop what was left, and follow what was missed from the read marker (or from
   * where this socket had got to, if further: see {@link Outbox#follow}), once each channel
   * confirms the user is in it (the session's list alone may be stale).
   */
  void resync(UserSession.Reattached reattached) {
    for (String channelId : link.outbox.followed()) {
      if (!reattached.channels().containsKey(channelId)) {
        context.getLog().info("Session {} stopped following channel {}: the user's session no longer lists it", link.sessionId, channelId);
        link.outbox.unfollow(channelId);
      }
    }
    for (UserSession.ChannelMembership channel : reattached.channels().values()) {
      if (!link.outbox.follows(channel.channelId())) {
        rejoin(channel, reattached.readSeqs().getOrDefault(channel.channelId(), 0L));
      }
    }
  }

  void retryRejoin(RetryRejoin retry) {
    if (!link.outbox.follows(retry.channel().channelId())) {
      rejoin(retry.channel(), retry.readSeq());
    }
  }

  private void rejoin(UserSession.ChannelMembership channel, long readSeq) {
    context.pipeToSelf(
        link.deps.chat().membership(userId, channel.channelId()),
        (member, failure) -> new Rejoined(channel, readSeq, member, failure));
  }

  void rejoined(Rejoined rejoined) {
    String channelId = rejoined.channel().channelId();
    if (link.outbox.follows(channelId)) {
      return;
    }
    if (rejoined.failure() != null) {
      link.timers.startSingleTimer(rejoined.retry(), link.deps.settings().fillRetry());
    } else if (rejoined.member().isPresent()) {
      announceAdded(WireMapping.channelAdded(rejoined.channel(), null, rejoined.readSeq()));
      follow(channelId, rejoined.readSeq(), rejoined.readSeq());
    }
  }

  private void announceAdded(Ephemeral.ChannelAdded added) {
    link.send(new ServerFrame.Event(Ephemeral.CHANNEL_ADDED, added));
  }

  // Presence

  /**
   * Presence of the members of these workspaces comes to this connection from the node's presence
   * hub (adding to what it follows). A workspace is learnt at {@code auth}, from this connection's
   * own {@code workspace.create} and {@code workspace.join}, and from channels added in it: the
   * session sends no notice when the user joins a workspace through another connection.
   */
  void followPresence(Set<String> workspaceIds) {
    if (!workspaceIds.isEmpty()) {
      link.deps.presence().tell(new PresenceHub.Subscribe(userId, Set.copyOf(workspaceIds), link.notices));
    }
  }

  void unfollowPresence(String workspaceId) {
    link.deps.presence().tell(new PresenceHub.Unsubscribe(link.notices, workspaceId));
  }

  void presenceChanged(UserSession.PresenceChanged presence) {
    presenceChanged(List.of(presence));
  }

  /**
   * The changes this client has not seen yet, as one {@code presence.batch} frame when it asked for
   * them, else a {@code presence} frame each.
   */
  void presenceChanged(List<UserSession.PresenceChanged> changes) {
    List<Ephemeral.Presence> unseen = new ArrayList<>(changes.size());
    for (UserSession.PresenceChanged change : changes) {
      if (!change.status().equals(presenceSeen.put(change.userId(), change.status()))) {
        unseen.add(WireMapping.presence(change));
      }
    }
    if (unseen.isEmpty()) {
      return;
    }
    if (presenceBatches) {
      link.send(new ServerFrame.Event(Ephemeral.PRESENCE_BATCH, new Ephemeral.PresenceBatch(List.copyOf(unseen))));
    } else {
      unseen.forEach(presence -> link.send(new ServerFrame.Event(Ephemeral.PRESENCE, presence)));
    }
  }
}
