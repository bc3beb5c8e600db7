package dev.parley.node.channel;

import static dev.parley.node.channel.ChannelRefusals.refuseNonMember;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel.MarkRead;
import dev.parley.node.channel.Channel.ReadUpTo;
import dev.parley.node.channel.Channel.Typing;
import dev.parley.node.channel.ChannelState.Active;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/** A {@link Channel}'s ephemeral signals of its members (typing, DM read receipts): sent to the hubs, never stored. */
final class MemberSignals {
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final HubSubscribers hubs;

  MemberSignals(EffectFactories<ChannelEvent, ChannelState> effect, HubSubscribers hubs) {
    this.effect = effect;
    this.hubs = hubs;
  }

  ReplyEffect<ChannelEvent, ChannelState> typing(Active state, Typing c) {
    Outcome<Acknowledged> refusal = refuseNonMember(state, c.userId(), "join the channel first");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    hubs.signal(new ChannelHub.TypingSignal(c.userId()));
    return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<ChannelEvent, ChannelState> markRead(Active state, MarkRead c) {
    Outcome<ReadUpTo> refusal = refuseNonMember(state, c.userId(), "join the channel first");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    long seq = Math.min(c.seq(), state.lastSeq());
    if (state.isDm()) {
      hubs.signal(new ChannelHub.ReceiptSignal(c.userId(), seq));
    }
    return effect.reply(c.replyTo(), Outcome.accepted(new ReadUpTo(seq, state.info().kind())));
  }
}
