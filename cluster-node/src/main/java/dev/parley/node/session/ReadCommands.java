package dev.parley.node.session;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.session.UserSession.Event;
import dev.parley.node.session.UserSession.MarkRead;
import dev.parley.node.session.UserSession.MentionRecorded;
import dev.parley.node.session.UserSession.ReadMarked;
import dev.parley.node.session.UserSession.ReadUpdated;
import dev.parley.node.session.UserSession.RecordMention;
import dev.parley.node.session.UserSession.State;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** The {@link UserSession}'s commands about what the user read: read markers and unread mentions. */
final class ReadCommands {
  private final EffectFactories<Event, State> effect;
  private final Attachments attachments;

  ReadCommands(EffectFactories<Event, State> effect, Attachments attachments) {
    this.effect = effect;
    this.attachments = attachments;
  }

  ReplyEffect<Event, State> markRead(State state, MarkRead c) {
    if (c.seq() <= state.readSeq(c.channelId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    ReadUpdated notice = new ReadUpdated(c.channelId(), c.seq());
    return effect
        .persist(new ReadMarked(c.channelId(), c.seq()))
        .thenRun(next -> attachments.notifyConnections(notice, c.origin()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> recordMention(State state, RecordMention c) {
    if (c.seq() <= state.readSeq(c.channelId()) || state.mentions().getOrDefault(c.channelId(), List.of()).contains(c.seq())) {
      return effect.noReply();
    }
    return effect.persist(new MentionRecorded(c.channelId(), c.seq())).thenNoReply();
  }
}
