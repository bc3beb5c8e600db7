package dev.parley.node.session;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.session.UserSession.Event;
import dev.parley.node.session.UserSession.SignOut;
import dev.parley.node.session.UserSession.SignedOut;
import dev.parley.node.session.UserSession.State;
import dev.parley.node.session.UserSession.Suspend;
import dev.parley.node.session.UserSession.SuspensionChanged;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link UserSession}'s commands that end the user's logins: a deactivation (no connection
 * attaches while it lasts) and a sign-out; both close the live connections at once.
 */
final class SignOutCommands {
  private final EffectFactories<Event, State> effect;
  private final Attachments attachments;

  SignOutCommands(EffectFactories<Event, State> effect, Attachments attachments) {
    this.effect = effect;
    this.attachments = attachments;
  }

  ReplyEffect<Event, State> suspend(State state, Suspend c) {
    if (state.suspended() == c.suspended()) {
      if (c.suspended()) {
        attachments.notifyConnections(new SignedOut(null));
      }
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new SuspensionChanged(c.suspended()))
        .thenRun(
            next -> {
              if (c.suspended()) {
                attachments.notifyConnections(new SignedOut(null));
              }
            })
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> signOut(State state, SignOut c) {
    attachments.notifyConnections(new SignedOut(c.keptFamily()));
    return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
  }
}
