package dev.parley.node.channel;

import static dev.parley.node.channel.ChannelRefusals.noMessage;
import static dev.parley.node.channel.ChannelRefusals.notFound;
import static dev.parley.node.channel.ChannelRefusals.refuseNonMember;

import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel.Command;
import dev.parley.node.channel.Channel.EventsPage;
import dev.parley.node.channel.Channel.GetSummary;
import dev.parley.node.channel.Channel.ReadEvents;
import dev.parley.node.channel.Channel.ReadThread;
import dev.parley.node.channel.ChannelState.Active;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What a {@link Channel}'s members read: its summary, pages of its log and a thread's replies. The
 * newest events are in memory; older ones are read from the journal ({@link JournalRead}), and the
 * keys to open their posts loaded when not held ({@link MessageTargets.KeysLoaded}).
 */
final class ChannelReads {

  record JournalRead(
      ActorRef<Outcome<EventsPage>> replyTo, List<ChannelEvent.Sequenced> events, boolean hasMore, Throwable failure)
      implements Command {}

  private final ActorContext<Command> context;
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final String channelId;
  private final ChannelHistory history;
  private final MessageKeys keys;
  private final WindowKeys windowKeys;

  ChannelReads(
      ActorContext<Command> context,
      EffectFactories<ChannelEvent, ChannelState> effect,
      String channelId,
      ChannelHistory history,
      MessageKeys keys,
      WindowKeys windowKeys) {
    this.context = context;
    this.effect = effect;
    this.channelId = channelId;
    this.history = history;
    this.keys = keys;
    this.windowKeys = windowKeys;
  }

  ReplyEffect<ChannelEvent, ChannelState> getSummary(Active state, GetSummary c) {
    if (!state.isMember(c.userId()) && !state.isPublic()) {
      return effect.reply(c.replyTo(), notFound());
    }
    return effect.reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
  }

  ReplyEffect<ChannelEvent, ChannelState> readEvents(Active state, ReadEvents c) {
    Outcome<EventsPage> refusal = refuseNonMember(state, c.userId(), "join the channel to read it");
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    PageRange page = PageRange.of(c, state.lastSeq());
    if (page.isEmpty()) {
      return effect.reply(c.replyTo(), Outcome.accepted(new EventsPage(List.of(), false)));
    }
    if (state.recent().covers(page.from())) {
      return journalRead(state, new JournalRead(c.replyTo(), state.recent().range(page.from(), page.to()), page.hasMore(), null));
    }
    context.pipeToSelf(
        history.read(channelId, page.from(), page.to()),
        (events, failure) -> new JournalRead(c.replyTo(), events, page.hasMore(), failure));
    return effect.noReply();
  }

  ReplyEffect<ChannelEvent, ChannelState> readThread(Active state, ReadThread c, ChannelEvent.MessagePosted root) {
    Outcome<EventsPage> refusal = refuseNonMember(state, c.userId(), "join the channel to read it");
    if (refusal == null && root == null) {
      refusal = noMessage();
    }
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    List<Long> after = state.replies(c.root()).stream().filter(seq -> seq > c.afterSeq()).toList();
    List<Long> page = after.subList(0, Math.min(c.limit(), after.size()));
    boolean hasMore = after.size() > page.size();
    List<CompletableFuture<List<ChannelEvent.Sequenced>>> reads = new ArrayList<>();
    for (long seq : page) {
      reads.add(
          state
              .recentEvent(seq)
              .map(e -> CompletableFuture.completedFuture(List.of(e)))
              .orElseGet(() -> history.read(channelId, seq, seq).toCompletableFuture()));
    }
    CompletionStage<List<ChannelEvent.Sequenced>> all =
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
            .thenApply(done -> reads.stream().flatMap(r -> r.join().stream()).toList());
    context.pipeToSelf(all, (events, failure) -> new JournalRead(c.replyTo(), events, hasMore, failure));
    return effect.noReply();
  }

  ReplyEffect<ChannelEvent, ChannelState> journalRead(Active state, JournalRead c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read its journal: {}", channelId, c.failure().toString());
      return effect.reply(c.replyTo(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "history is unavailable"));
    }
    Set<KeyRef> missing = windowKeys.missing(c.events());
    if (!missing.isEmpty()) {
      return loadKeys(c, null, missing);
    }
    List<ChannelEvent.Sequenced> opened = windowKeys.open(channelId, c.events());
    return effect.reply(c.replyTo(), Outcome.accepted(new EventsPage(Redaction.forMembers(state.deleted(), opened), c.hasMore())));
  }

  ReplyEffect<ChannelEvent, ChannelState> forgetKeys(ChannelState state, Channel.ForgetKeys c) {
    windowKeys.forget(c.authorId(), c.beforeTs());
    return effect.noReply();
  }

  /** Loads the keys {@code c} needs and handles it again ({@link MessageTargets.KeysLoaded}). */
  ReplyEffect<ChannelEvent, ChannelState> loadKeys(Command c, ChannelEvent.Sequenced target, Set<KeyRef> refs) {
    long generation = windowKeys.generation();
    context.pipeToSelf(
        keys.load(channelId, SealedEvents.seqsOf(refs)),
        (found, failure) -> new MessageTargets.KeysLoaded(c, target, generation, refs, found, failure));
    return effect.noReply();
  }
}
