package dev.parley.node.channel;

import static dev.parley.node.channel.ChannelRefusals.refuseNonMember;

import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel.Command;
import dev.parley.node.channel.Channel.Delete;
import dev.parley.node.channel.Channel.Edit;
import dev.parley.node.channel.Channel.Post;
import dev.parley.node.channel.Channel.Posted;
import dev.parley.node.channel.Channel.React;
import dev.parley.node.channel.Channel.ReadThread;
import dev.parley.node.channel.ChannelReads.JournalRead;
import dev.parley.node.channel.ChannelState.Active;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Commands about an existing message of a {@link Channel} (a thread reply's post, edit, delete,
 * reactions, thread reads) need that message's post: the newest are in memory, an older one is
 * read from the journal and the command handled again when it arrives ({@link TargetLoaded}); so
 * is a command that waited for message keys ({@link KeysLoaded}). What can change about a message
 * after its post (deleted, reactions, replies) is always in the state, so the re-handled command
 * sees the truth.
 */
final class MessageTargets {

  /**
   * Keys that {@code command} needed, loaded in {@code generation} of the {@link WindowKeys}; the
   * command is handled again ({@code target}: its target, if it was read from the journal).
   */
  record KeysLoaded(
      Command command, ChannelEvent.Sequenced target, long generation, Set<KeyRef> asked, List<MessageKey> found, Throwable failure)
      implements Command {}

  /** The event at a command's target seq, read from the journal; the command is handled again. */
  record TargetLoaded(Command command, long target, ChannelEvent.Sequenced event, Throwable failure)
      implements Command {}

  private final ActorContext<Command> context;
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final String channelId;
  private final ChannelHistory history;
  private final WindowKeys windowKeys;
  private final ChannelPosting posting;
  private final MessageChanges changes;
  private final ChannelReads reads;

  MessageTargets(
      ActorContext<Command> context,
      EffectFactories<ChannelEvent, ChannelState> effect,
      String channelId,
      ChannelHistory history,
      WindowKeys windowKeys,
      ChannelPosting posting,
      MessageChanges changes,
      ChannelReads reads) {
    this.context = context;
    this.effect = effect;
    this.channelId = channelId;
    this.history = history;
    this.windowKeys = windowKeys;
    this.posting = posting;
    this.changes = changes;
    this.reads = reads;
  }

  /**
   * Runs a command that needs the post at {@code target} (0: none needed). {@code loaded} is the
   * event read from the journal when the command comes back through {@link TargetLoaded}.
   */
  ReplyEffect<ChannelEvent, ChannelState> withTarget(Active state, Command c, long target, ChannelEvent.Sequenced loaded) {
    if (target == 0) {
      return posting.post(state, (Post) c, null);
    }
    if (target > state.lastSeq()) {
      return rejectTarget(c, state, "no message at that seq");
    }
    ChannelEvent.Sequenced event = loaded != null ? loaded : state.recentEvent(target).orElse(null);
    if (event == null) {
      context.pipeToSelf(
          history.read(channelId, target, target),
          (events, failure) ->
              new TargetLoaded(c, target, failure == null && !events.isEmpty() ? events.get(0) : null, failure));
      return effect.noReply();
    }
    ChannelEvent.MessagePosted post = event instanceof ChannelEvent.MessagePosted p ? p : null;
    if (c instanceof Post p) {
      return posting.post(state, p, post);
    } else if (c instanceof Edit e) {
      return changes.edit(state, e, post);
    } else if (c instanceof Delete d) {
      return changes.delete(state, d, post);
    } else if (c instanceof React r) {
      return changes.react(state, r, post);
    } else {
      return reads.readThread(state, (ReadThread) c, post);
    }
  }

  ReplyEffect<ChannelEvent, ChannelState> targetLoaded(Active state, TargetLoaded c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read seq {} from its journal: {}", channelId, c.target(), c.failure().toString());
      return replyTo(c.command(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "the message could not be read; retry"));
    }
    if (c.event() == null) {
      return rejectTarget(c.command(), state, "no message at that seq");
    }
    return withTarget(state, c.command(), c.target(), c.event());
  }

  ReplyEffect<ChannelEvent, ChannelState> keysLoaded(Active state, KeysLoaded c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read message keys: {}", channelId, c.failure().toString());
      return replyTo(c.command(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "the message could not be read; retry"));
    }
    if (!windowKeys.loaded(c.generation(), c.asked(), c.found())) {
      return reads.loadKeys(c.command(), c.target(), c.asked());
    }
    if (c.command() instanceof JournalRead read) {
      return reads.journalRead(state, read);
    }
    Edit edit = (Edit) c.command();
    return withTarget(state, edit, edit.target(), c.target());
  }

  /** A missing target: {@code bad_request} for a post's threadSeq, {@code not_found} otherwise. */
  private ReplyEffect<ChannelEvent, ChannelState> rejectTarget(Command c, Active state, String message) {
    if (c instanceof Post p) {
      Outcome<Posted> refusal = refuseNonMember(state, p.userId(), "join the channel to post");
      return effect.reply(p.replyTo(), refusal != null ? refusal : Outcome.rejected(Outcome.Reason.BAD_REQUEST, "threadSeq: " + message));
    }
    return replyTo(c, Outcome.notFound(message));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ReplyEffect<ChannelEvent, ChannelState> replyTo(Command c, Outcome<?> outcome) {
    ActorRef replyTo;
    if (c instanceof Post p) {
      replyTo = p.replyTo();
    } else if (c instanceof Edit e) {
      replyTo = e.replyTo();
    } else if (c instanceof Delete d) {
      replyTo = d.replyTo();
    } else if (c instanceof React r) {
      replyTo = r.replyTo();
    } else if (c instanceof JournalRead r) {
      replyTo = r.replyTo();
    } else {
      replyTo = ((ReadThread) c).replyTo();
    }
    return effect.reply(replyTo, outcome);
  }
}
