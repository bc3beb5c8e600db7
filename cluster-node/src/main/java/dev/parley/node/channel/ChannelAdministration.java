package dev.parley.node.channel;

import dev.parley.node.Outcome;
import dev.parley.node.channel.ChannelState.Active;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Channel}'s commands of its workspace's owners and admins (the edge checked the
 * role): removing a member, archiving (read-only) and unarchiving, renaming, deleting. Each is
 * idempotent. DMs are neither archived, renamed nor deleted; their members may be removed (with
 * the workspace).
 */
final class ChannelAdministration {
  static final String ARCHIVED = "the channel is archived: it is read-only";

  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final Clock clock;
  /** Sends a persisted event to the channel's hubs. */
  private final Consumer<ChannelEvent.Sequenced> publish;

  ChannelAdministration(
      EffectFactories<ChannelEvent, ChannelState> effect, Clock clock, Consumer<ChannelEvent.Sequenced> publish) {
    this.effect = effect;
    this.clock = clock;
    this.publish = publish;
  }

  /**
   * The refusal of a write to the log (post, edit, delete, reaction, topic) by a member of an
   * archived channel; null when the channel is not archived or the user is no member (who gets
   * the usual refusal).
   */
  static <T> Outcome<T> refuseArchived(Active state, String userId) {
    return state.archived() && state.isMember(userId) ? Outcome.forbidden(ARCHIVED) : null;
  }

  /** Acknowledged with the channel's last seq if the user is no member (already removed). */
  ReplyEffect<ChannelEvent, ChannelState> remove(Active state, Channel.Remove c) {
    if (!state.isMember(c.userId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(new Channel.Left(state.lastSeq())));
    }
    ChannelEvent.MemberLeft left = new ChannelEvent.MemberLeft(state.lastSeq() + 1, c.userId(), clock.millis());
    return effect
        .persist(left)
        .thenRun(next -> publish.accept(left))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Channel.Left(left.seq())));
  }

  ReplyEffect<ChannelEvent, ChannelState> setArchived(Active state, Channel.SetArchived c) {
    if (state.isDm()) {
      return effect.reply(c.replyTo(), Outcome.forbidden("a DM cannot be archived"));
    }
    if (state.archived() == c.archived()) {
      return effect.reply(c.replyTo(), Outcome.accepted(new Channel.Written(state.lastSeq())));
    }
    ChannelEvent.ArchiveChanged changed =
        new ChannelEvent.ArchiveChanged(state.lastSeq() + 1, c.archived(), c.byUserId(), clock.millis());
    return effect
        .persist(changed)
        .thenRun(next -> publish.accept(changed))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Channel.Written(changed.seq())));
  }

  ReplyEffect<ChannelEvent, ChannelState> rename(Active state, Channel.Rename c) {
    if (state.isDm()) {
      return effect.reply(c.replyTo(), Outcome.forbidden("a DM is named after its members"));
    }
    if (state.currentName().equals(c.name())) {
      return effect.reply(c.replyTo(), Outcome.accepted(new Channel.Written(state.lastSeq())));
    }
    ChannelEvent.ChannelRenamed renamed = new ChannelEvent.ChannelRenamed(state.lastSeq() + 1, c.name(), c.byUserId(), clock.millis());
    return effect
        .persist(renamed)
        .thenRun(next -> publish.accept(renamed))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Channel.Written(renamed.seq())));
  }

  ReplyEffect<ChannelEvent, ChannelState> close(Active state, Channel.Close c) {
    if (state.isDm()) {
      return effect.reply(c.replyTo(), Outcome.forbidden("a DM cannot be deleted"));
    }
    ChannelEvent.ChannelDeleted deleted = new ChannelEvent.ChannelDeleted(state.lastSeq() + 1, c.byUserId(), clock.millis());
    List<String> members = state.members().keySet().stream().sorted().toList();
    return effect
        .persist(deleted)
        .thenRun(next -> publish.accept(deleted))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Channel.Closed(deleted.seq(), members)));
  }

  /** A repeated delete: answered as the first was, so that the edge can finish telling the members. */
  ReplyEffect<ChannelEvent, ChannelState> closeAgain(ChannelState.Deleted state, Channel.Close c) {
    return effect.reply(c.replyTo(), Outcome.accepted(new Channel.Closed(state.lastSeq(), state.members().stream().sorted().toList())));
  }
}
