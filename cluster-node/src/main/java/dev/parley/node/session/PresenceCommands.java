package dev.parley.node.session;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.session.UserSession.CallSignalled;
import dev.parley.node.session.UserSession.Event;
import dev.parley.node.session.UserSession.GetPresence;
import dev.parley.node.session.UserSession.Presence;
import dev.parley.node.session.UserSession.PresenceChanged;
import dev.parley.node.session.UserSession.PresenceChosen;
import dev.parley.node.session.UserSession.PresenceOf;
import dev.parley.node.session.UserSession.SetPresence;
import dev.parley.node.session.UserSession.Signal;
import dev.parley.node.session.UserSession.State;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link UserSession}'s commands about the user being there: the presence they chose and the
 * one others see, and call signals to their live connections.
 */
final class PresenceCommands {
  private final EffectFactories<Event, State> effect;
  private final Attachments attachments;

  PresenceCommands(EffectFactories<Event, State> effect, Attachments attachments) {
    this.effect = effect;
    this.attachments = attachments;
  }

  ReplyEffect<Event, State> setPresence(State state, SetPresence c) {
    if (c.status().equals(state.presence())) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new PresenceChosen(c.status()))
        .thenRun(attachments::publishPresence)
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> getPresence(State state, GetPresence c) {
    return effect.reply(c.replyTo(), Outcome.accepted(new Presence(attachments.effectivePresence(state))));
  }

  ReplyEffect<Event, State> presenceOf(State state, PresenceOf c) {
    attachments.notifyConnections(new PresenceChanged(c.userId(), c.status()), null);
    return effect.noReply();
  }

  ReplyEffect<Event, State> signal(State state, Signal c) {
    boolean shared = c.fromWorkspaces().stream().anyMatch(state.workspaces()::containsKey);
    if (!shared) {
      return effect.reply(c.replyTo(), Outcome.notFound("no such user"));
    }
    attachments.notifyConnections(new CallSignalled(c.fromUserId(), c.callId(), c.kind(), c.payload()), null);
    return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
  }
}
