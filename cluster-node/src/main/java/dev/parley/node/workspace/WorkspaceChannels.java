package dev.parley.node.workspace;

import static dev.parley.node.workspace.WorkspaceEntity.notFound;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.workspace.Workspace.Active;
import dev.parley.node.workspace.Workspace.ChannelCompleted;
import dev.parley.node.workspace.Workspace.ChannelEntry;
import dev.parley.node.workspace.Workspace.ChannelReleased;
import dev.parley.node.workspace.Workspace.ChannelReserved;
import dev.parley.node.workspace.Workspace.Command;
import dev.parley.node.workspace.Workspace.CompleteChannel;
import dev.parley.node.workspace.Workspace.CompletePending;
import dev.parley.node.workspace.Workspace.CompletionDone;
import dev.parley.node.workspace.Workspace.Directory;
import dev.parley.node.workspace.Workspace.Event;
import dev.parley.node.workspace.Workspace.ListChannels;
import dev.parley.node.workspace.Workspace.PendingChannel;
import dev.parley.node.workspace.Workspace.RegisterChannel;
import dev.parley.node.workspace.Workspace.Settings;
import dev.parley.node.workspace.Workspace.State;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The {@link Workspace}'s directory of channels: reserving a new channel's name, completing its
 * creation (by the requester, or here by the {@link ChannelCompleter} when the requester left it
 * half done), and listing the channels.
 */
final class WorkspaceChannels {
  private final EffectFactories<Event, State> effect;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String workspaceId;
  private final Settings settings;
  private final ChannelCompleter completer;
  private final Clock clock;
  /** Pending channels whose completion is under way: soft state, so a restart simply tries again. */
  private final Set<String> completing = new HashSet<>();

  WorkspaceChannels(
      EffectFactories<Event, State> effect,
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String workspaceId,
      Settings settings,
      ChannelCompleter completer,
      Clock clock) {
    this.effect = effect;
    this.context = context;
    this.timers = timers;
    this.workspaceId = workspaceId;
    this.settings = settings;
    this.completer = completer;
    this.clock = clock;
  }

  /**
   * A taken name is a conflict whoever asks, its creator included: answering a creator's second
   * create with the existing channel handed a private channel back to a creator who had left it.
   */
  ReplyEffect<Event, State> registerChannel(Active state, RegisterChannel c) {
    if (state.roleOf(c.userId()) == null) {
      return effect.reply(c.replyTo(), notFound());
    }
    if (state.channels().containsKey(c.name())) {
      return effect.reply(c.replyTo(), Outcome.conflict("a channel named '" + c.name() + "' exists"));
    }
    ChannelEntry entry = new ChannelEntry(c.channelId(), c.name(), c.kind(), c.userId());
    return effect
        .persist(new ChannelReserved(entry, c.topic(), clock.millis()))
        .thenRun(this::scheduleCompletion)
        .thenReply(c.replyTo(), next -> Outcome.accepted(entry));
  }

  /** Idempotent: a channel completed already, or released meanwhile, is acknowledged as it is. */
  ReplyEffect<Event, State> completeChannel(Active state, CompleteChannel c) {
    if (!state.pending().containsKey(c.channelId())) {
      return effect.reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    return effect
        .persist(new ChannelCompleted(c.channelId(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  ReplyEffect<Event, State> completePending(Active state, CompletePending c) {
    long due = clock.millis() - settings.completeChannelsAfter().toMillis();
    for (PendingChannel channel : state.pending().values()) {
      String channelId = channel.entry().channelId();
      if (channel.reservedAt() <= due && completing.add(channelId)) {
        context.getLog().info("Workspace {} completes the creation of channel {}", workspaceId, channelId);
        context.pipeToSelf(
            completer.complete(workspaceId, channel),
            (result, failure) -> new CompletionDone(channelId, result, failure));
      }
    }
    scheduleCompletion(state);
    return effect.noReply();
  }

  ReplyEffect<Event, State> completionDone(Active state, CompletionDone c) {
    completing.remove(c.channelId());
    if (!state.pending().containsKey(c.channelId())) {
      return effect.noReply();
    }
    if (c.failure() != null) {
      context.getLog()
          .warn("Workspace {} could not complete channel {} yet: {}", workspaceId, c.channelId(), c.failure().toString());
      return effect.noReply();
    }
    if (c.result() == ChannelCompleter.Result.IMPOSSIBLE) {
      context.getLog().warn("Workspace {} released channel {}: it cannot be created", workspaceId, c.channelId());
      return effect.persist(new ChannelReleased(c.channelId(), clock.millis())).thenNoReply();
    }
    return effect.persist(new ChannelCompleted(c.channelId(), clock.millis())).thenNoReply();
  }

  /** While channels are pending, looks at them again after the requester's allowance. */
  void scheduleCompletion(State state) {
    if (state instanceof Active active
        && !active.pending().isEmpty()
        && !timers.isTimerActive(CompletePending.INSTANCE)) {
      timers.startSingleTimer(CompletePending.INSTANCE, settings.completeChannelsAfter());
    }
  }

  ReplyEffect<Event, State> listChannels(Active state, ListChannels c) {
    if (state.roleOf(c.userId()) == null) {
      return effect.reply(c.replyTo(), notFound());
    }
    List<ChannelEntry> entries =
        state.channels().values().stream()
            .filter(entry -> !state.pending().containsKey(entry.channelId()))
            .sorted(Comparator.comparing(ChannelEntry::name))
            .toList();
    return effect.reply(c.replyTo(), Outcome.accepted(new Directory(entries)));
  }
}
