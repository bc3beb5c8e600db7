package dev.parley.node.session;

import dev.parley.node.Outcome;
import dev.parley.node.session.UserSession.Attach;
import dev.parley.node.session.UserSession.Detach;
import dev.parley.node.session.UserSession.Event;
import dev.parley.node.session.UserSession.KeepAttached;
import dev.parley.node.session.UserSession.Notice;
import dev.parley.node.session.UserSession.Reattached;
import dev.parley.node.session.UserSession.State;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link UserSession}'s live connections, on any node: they attach on {@code auth} and renew
 * their attachment on a timer, so the set heals when the entity moves or a node dies. Soft state,
 * never persisted. What the connections hear ({@link Notice}) and the presence others see of the
 * user follow from it.
 */
final class Attachments {
  static final String OFFLINE = "offline";
  private static final String DEACTIVATED = "this account is deactivated";

  private final EffectFactories<Event, State> effect;
  private final String userId;
  private final UserSession.Settings settings;
  private final PresencePublisher presence;
  private final Clock clock;
  /** Live connections with the time of their last attach: soft state, never persisted. */
  private final Map<ActorRef<Notice>, Long> connections = new HashMap<>();
  /** The presence others were last told of; soft state, so a restarted entity tells them again. */
  private String published = OFFLINE;

  Attachments(
      EffectFactories<Event, State> effect,
      String userId,
      UserSession.Settings settings,
      PresencePublisher presence,
      Clock clock) {
    this.effect = effect;
    this.userId = userId;
    this.settings = settings;
    this.presence = presence;
    this.clock = clock;
  }

  ReplyEffect<Event, State> attach(State state, Attach c) {
    if (state.suspended()) {
      return effect.reply(c.replyTo(), Outcome.rejected(Outcome.Reason.UNAUTHORIZED, DEACTIVATED));
    }
    purgeExpired();
    if (!connections.containsKey(c.connection()) && connections.size() >= settings.maxConnections()) {
      return effect
          .reply(c.replyTo(), Outcome.rejected(Outcome.Reason.TOO_MANY, "too many connections for this user; close one"));
    }
    connections.put(c.connection(), clock.millis());
    publishPresence(state);
    return effect.reply(c.replyTo(), Outcome.accepted(state));
  }

  ReplyEffect<Event, State> keepAttached(State state, KeepAttached c) {
    if (connections.put(c.connection(), clock.millis()) == null) {
      c.connection().tell(new Reattached(state.channels(), state.readSeqs()));
    }
    publishPresence(state);
    return effect.noReply();
  }

  ReplyEffect<Event, State> detach(State state, Detach c) {
    connections.remove(c.connection());
    publishPresence(state);
    return effect.noReply();
  }

  /** Forgets connections whose attachment was not renewed (their node died). */
  ReplyEffect<Event, State> purge(State state) {
    purgeExpired();
    publishPresence(state);
    return effect.noReply();
  }

  String effectivePresence(State state) {
    return connections.isEmpty() ? OFFLINE : state.presence();
  }

  /** Tells the users who share a workspace when what they see of this user changed. */
  void publishPresence(State state) {
    String now = effectivePresence(state);
    if (!now.equals(published)) {
      published = now;
      presence.publish(userId, now, state.workspaces().keySet());
    }
  }

  void notifyConnections(Notice notice) {
    notifyConnections(notice, null);
  }

  /** Sends to every live connection but {@code except} (may be null). */
  void notifyConnections(Notice notice, ActorRef<Notice> except) {
    purgeExpired();
    connections.keySet().stream().filter(connection -> !connection.equals(except)).forEach(connection -> connection.tell(notice));
  }

  private void purgeExpired() {
    long expired = clock.millis() - settings.attachmentTtl().toMillis();
    connections.values().removeIf(attachedAt -> attachedAt < expired);
  }
}
