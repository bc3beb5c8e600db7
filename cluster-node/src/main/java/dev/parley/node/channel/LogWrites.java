package dev.parley.node.channel;

import dev.parley.node.Outcome;
import dev.parley.node.telemetry.Metrics;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** Writes to a {@link Channel}'s log, each timed, and the usual answer to a write of one event. */
final class LogWrites {
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final HubSubscribers hubs;

  LogWrites(EffectFactories<ChannelEvent, ChannelState> effect, HubSubscribers hubs) {
    this.effect = effect;
    this.hubs = hubs;
  }

  /**
   * Persists {@code event}, timed from here to its first callback ({@code parley_journal_write_seconds}).
   */
  EffectBuilder<ChannelEvent, ChannelState> journalWrite(ChannelEvent event) {
    long started = System.nanoTime();
    return effect.persist(event).thenRun(next -> Metrics.journalWritten(started));
  }

  /** Persists {@code events} in one journal write: one observation however many posts it carries. */
  EffectBuilder<ChannelEvent, ChannelState> journalWrite(List<ChannelEvent> events) {
    long started = System.nanoTime();
    return effect.persist(events).thenRun(next -> Metrics.journalWritten(started));
  }

  ReplyEffect<ChannelEvent, ChannelState> persistWrite(ChannelEvent.Sequenced event, ActorRef<Outcome<Channel.Written>> replyTo) {
    return journalWrite(event)
        .thenRun(next -> hubs.publish(event))
        .thenReply(replyTo, next -> Outcome.accepted(new Channel.Written(event.seq())));
  }
}
