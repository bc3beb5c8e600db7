package dev.parley.persistence;

import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The smallest event-sourced entity that uses both the journal and the snapshot store: it appends
 * lines, and its state is the lines so far. Events and state are plain strings, which Pekko
 * serializes by itself.
 */
final class Notebook extends EventSourcedBehavior<Notebook.Command, String, String> {

  sealed interface Command permits Append, Read {}

  record Append(String line, ActorRef<Done> replyTo) implements Command {}

  record Read(ActorRef<String> replyTo) implements Command {}

  /** Snapshots every second event, so recovering three events reads a snapshot and an event. */
  private static final int SNAPSHOT_EVERY = 2;

  static Behavior<Command> create(String id) {
    return new Notebook(PersistenceId.ofUniqueId(id));
  }

  private Notebook(PersistenceId persistenceId) {
    super(persistenceId);
  }

  @Override
  public String emptyState() {
    return "";
  }

  @Override
  public CommandHandler<Command, String, String> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(
            Append.class,
            (state, append) ->
                Effect()
                    .persist(append.line())
                    .thenReply(append.replyTo(), s -> Done.getInstance()))
        .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<String, String> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent((state, line) -> state.isEmpty() ? line : state + "\n" + line);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 1);
  }
}
