package dev.parley.node.workspace;

import static dev.parley.node.workspace.Workspace.ENTITY_KEY;
import static dev.parley.node.workspace.Workspace.INVALID_INVITE;

import dev.parley.node.Outcome;
import dev.parley.node.workspace.Workspace.Active;
import dev.parley.node.workspace.Workspace.CheckInvite;
import dev.parley.node.workspace.Workspace.CheckRemoval;
import dev.parley.node.workspace.Workspace.Command;
import dev.parley.node.workspace.Workspace.CompleteChannel;
import dev.parley.node.workspace.Workspace.CompletePending;
import dev.parley.node.workspace.Workspace.CompletionDone;
import dev.parley.node.workspace.Workspace.Create;
import dev.parley.node.workspace.Workspace.CreateInvite;
import dev.parley.node.workspace.Workspace.DropChannel;
import dev.parley.node.workspace.Workspace.Empty;
import dev.parley.node.workspace.Workspace.Event;
import dev.parley.node.workspace.Workspace.GetMembers;
import dev.parley.node.workspace.Workspace.GetMembership;
import dev.parley.node.workspace.Workspace.IssueInvite;
import dev.parley.node.workspace.Workspace.Join;
import dev.parley.node.workspace.Workspace.ListChannels;
import dev.parley.node.workspace.Workspace.ListInvites;
import dev.parley.node.workspace.Workspace.RegisterChannel;
import dev.parley.node.workspace.Workspace.RemoveMember;
import dev.parley.node.workspace.Workspace.Rename;
import dev.parley.node.workspace.Workspace.RenameChannel;
import dev.parley.node.workspace.Workspace.RevokeInvite;
import dev.parley.node.workspace.Workspace.SetRole;
import dev.parley.node.workspace.Workspace.Settings;
import dev.parley.node.workspace.Workspace.State;
import dev.parley.node.workspace.Workspace.TransferOwnership;
import java.time.Clock;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The {@link Workspace}'s behaviour: which handler answers each command in each state, and how
 * events change the state ({@link WorkspaceEventHandler}).
 */
final class WorkspaceEntity extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, State> {
  private final Settings settings;
  private final WorkspaceMembership membership;
  private final WorkspaceChannels channels;
  private final WorkspaceAdministration administration;

  WorkspaceEntity(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String workspaceId,
      Settings settings,
      Supplier<String> inviteSecrets,
      ChannelCompleter completer,
      Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), workspaceId), settings.persistFailureBackoff().strategy());
    this.settings = settings;
    this.administration = new WorkspaceAdministration(Effect(), workspaceId, inviteSecrets, clock);
    this.membership = new WorkspaceMembership(Effect(), workspaceId, clock, administration);
    this.channels = new WorkspaceChannels(Effect(), context, timers, workspaceId, settings, completer, clock);
  }

  @Override
  public State emptyState() {
    return new Empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> channels.scheduleCompletion(state))
        .build();
  }

  // Command handlers

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Empty.class)
        .onCommand(Create.class, membership::create)
        .onCommand(CreateInvite.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Join.class, (state, c) -> Effect().reply(c.replyTo(), invalidInvite()))
        .onCommand(CheckInvite.class, (state, c) -> Effect().reply(c.replyTo(), invalidInvite()))
        .onCommand(GetMembers.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(GetMembership.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RegisterChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(CompleteChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ListChannels.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(SetRole.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(IssueInvite.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ListInvites.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RevokeInvite.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(CheckRemoval.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RemoveMember.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(TransferOwnership.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Rename.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(DropChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RenameChannel.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(CompletePending.class, (state, c) -> Effect().noReply())
        .onCommand(CompletionDone.class, (state, c) -> Effect().noReply());
    builder
        .forStateType(Active.class)
        .onCommand(Create.class, membership::createAgain)
        .onCommand(CreateInvite.class, membership::createInvite)
        .onCommand(Join.class, membership::join)
        .onCommand(CheckInvite.class, membership::checkInvite)
        .onCommand(GetMembers.class, membership::getMembers)
        .onCommand(GetMembership.class, membership::getMembership)
        .onCommand(RegisterChannel.class, channels::registerChannel)
        .onCommand(CompleteChannel.class, channels::completeChannel)
        .onCommand(ListChannels.class, channels::listChannels)
        .onCommand(SetRole.class, membership::setRole)
        .onCommand(IssueInvite.class, administration::issueInvite)
        .onCommand(ListInvites.class, administration::listInvites)
        .onCommand(RevokeInvite.class, administration::revokeInvite)
        .onCommand(CheckRemoval.class, administration::checkRemoval)
        .onCommand(RemoveMember.class, administration::removeMember)
        .onCommand(TransferOwnership.class, administration::transferOwnership)
        .onCommand(Rename.class, administration::rename)
        .onCommand(DropChannel.class, administration::dropChannel)
        .onCommand(RenameChannel.class, administration::renameChannel)
        .onCommand(CompletePending.class, channels::completePending)
        .onCommand(CompletionDone.class, channels::completionDone);
    return builder.build();
  }

  static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such workspace");
  }

  private static <T> Outcome<T> invalidInvite() {
    return Outcome.notFound(INVALID_INVITE);
  }

  // Event handler

  @Override
  public EventHandler<State, Event> eventHandler() {
    return WorkspaceEventHandler.of(newEventHandlerBuilder(), settings.maxInvites());
  }
}
