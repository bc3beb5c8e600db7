package dev.parley.node.channel;

import static dev.parley.node.channel.ChannelRefusals.noMessage;
import static dev.parley.node.channel.ChannelRefusals.refuseNonMember;

import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel.Delete;
import dev.parley.node.channel.Channel.Edit;
import dev.parley.node.channel.Channel.React;
import dev.parley.node.channel.Channel.Written;
import dev.parley.node.channel.ChannelState.Active;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Changes to a message of a {@link Channel} after its post: edits, deletes, reactions. Each is
 * handled with its target's post at hand ({@link MessageTargets}).
 */
final class MessageChanges {
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final LogWrites writes;
  private final HubSubscribers hubs;
  private final ChannelReads reads;
  private final String channelId;
  private final MessageKeys keys;
  private final WindowKeys windowKeys;
  private final Clock clock;

  MessageChanges(
      EffectFactories<ChannelEvent, ChannelState> effect,
      LogWrites writes,
      HubSubscribers hubs,
      ChannelReads reads,
      String channelId,
      MessageKeys keys,
      WindowKeys windowKeys,
      Clock clock) {
    this.effect = effect;
    this.writes = writes;
    this.hubs = hubs;
    this.reads = reads;
    this.channelId = channelId;
    this.keys = keys;
    this.windowKeys = windowKeys;
    this.clock = clock;
  }

  /** Null when {@code post} is a live message the user may act on as a member; the refusal otherwise. */
  private static <T> Outcome<T> refuseTarget(Active state, String userId, ChannelEvent.MessagePosted post) {
    Outcome<T> refusal = refuseNonMember(state, userId, "join the channel first");
    if (refusal != null) {
      return refusal;
    }
    if (post == null || state.deleted().contains(post.seq()) || SealedEvents.isErased(post)) {
      return noMessage();
    }
    return null;
  }

  ReplyEffect<ChannelEvent, ChannelState> edit(Active state, Edit c, ChannelEvent.MessagePosted post) {
    Outcome<Written> refusal = refuseTarget(state, c.userId(), post);
    if (refusal == null && !post.author().equals(c.userId())) {
      refusal = Outcome.forbidden("only the author edits a message");
    }
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    ChannelEvent.MessageEdited edited = new ChannelEvent.MessageEdited(state.lastSeq() + 1, c.target(), c.text(), clock.millis(), c.userId());
    if (post.sealed() == null) {
      // A post journaled before erasure existed: its text is in the journal already, and so are its edits.
      return writes.persistWrite(edited, c.replyTo());
    }
    KeyRef ref = KeyRef.of(c.target(), post.sealed());
    MessageKey key = windowKeys.get(ref);
    if (key == null && !windowKeys.isErased(ref)) {
      return reads.loadKeys(c, post, Set.of(ref));
    }
    if (key == null) {
      return effect.reply(c.replyTo(), noMessage());
    }
    return writes
        .journalWrite(SealedEvents.sealEdit(edited, key))
        .thenRun(next -> hubs.publish(edited))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Written(edited.seq())));
  }

  ReplyEffect<ChannelEvent, ChannelState> delete(Active state, Delete c, ChannelEvent.MessagePosted post) {
    Outcome<Written> refusal = refuseTarget(state, c.userId(), post);
    if (refusal == null && !post.author().equals(c.userId()) && !c.moderator()) {
      refusal = Outcome.forbidden("only the author or a workspace owner/admin deletes a message");
    }
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    ChannelEvent.MessageDeleted event = new ChannelEvent.MessageDeleted(state.lastSeq() + 1, c.target(), clock.millis(), c.userId());
    List<String> files = post.files().stream().map(ChannelEvent.PostedFile::id).toList();
    return writes
        .journalWrite(event)
        .thenRun(
            next -> {
              windowKeys.forget(c.target());
              keys.delete(channelId, c.target());
              hubs.publish(event);
            })
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Written(event.seq(), files)));
  }

  ReplyEffect<ChannelEvent, ChannelState> react(Active state, React c, ChannelEvent.MessagePosted post) {
    Outcome<Written> refusal = refuseTarget(state, c.userId(), post);
    if (refusal != null) {
      return effect.reply(c.replyTo(), refusal);
    }
    Long existing = state.reactions().get(Active.reactionKey(c.target(), c.emoji(), c.userId()));
    long seq = state.lastSeq() + 1;
    if (c.add()) {
      if (existing != null) {
        return effect.reply(c.replyTo(), Outcome.accepted(new Written(existing)));
      }
      return writes.persistWrite(new ChannelEvent.ReactionAdded(seq, c.target(), c.emoji(), c.userId(), clock.millis()), c.replyTo());
    }
    if (existing == null) {
      return effect.reply(c.replyTo(), Outcome.notFound("no such reaction"));
    }
    return writes.persistWrite(new ChannelEvent.ReactionRemoved(seq, c.target(), c.emoji(), c.userId(), clock.millis()), c.replyTo());
  }
}
