package dev.parley.node.boot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers a persistence id that has no events before the node joins the cluster. The journal's
 * first use on a JVM starts its plugins, opens their pool and compiles their first queries: about a
 * second here, more on a slower machine. Paid by the first entity the cluster placed on a node that
 * had just joined, it made that entity's first request outlive the ask timeout (a {@code bot.create}
 * answered {@code unavailable} in CI). Nothing is written: the id stays empty.
 */
final class JournalWarmup extends EventSourcedBehavior<JournalWarmup.Stop, Void, Done> {
  private static final Logger log = LoggerFactory.getLogger(JournalWarmup.class);
  private static final PersistenceId ID = PersistenceId.ofUniqueId("parley-journal-warmup");

  /** Ends the warm-up actor once the start has its answer. */
  enum Stop {
    INSTANCE
  }

  private final CompletableFuture<Done> recovered;

  private JournalWarmup(CompletableFuture<Done> recovered) {
    super(ID);
    this.recovered = recovered;
  }

  /** Completes when the recovery has ended, failed or not: a journal that fails here fails its entities' starts too, each with its own error. */
  static CompletionStage<Done> run(ActorSystem<?> system) {
    CompletableFuture<Done> recovered = new CompletableFuture<>();
    long started = System.nanoTime();
    var warmup = system.systemActorOf(new JournalWarmup(recovered), "journal-warmup", Props.empty());
    return recovered.whenComplete(
        (done, error) -> {
          warmup.tell(Stop.INSTANCE);
          log.info("Journal warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
        });
  }

  @Override
  public Done emptyState() {
    return Done.getInstance();
  }

  @Override
  public CommandHandler<Stop, Void, Done> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onAnyCommand(stop -> Effect().stop());
  }

  @Override
  public EventHandler<Done, Void> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> state);
  }

  @Override
  public SignalHandler<Done> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> recovered.complete(Done.getInstance()))
        .onSignal(
            RecoveryFailed.class,
            (state, failed) -> {
              log.warn("Journal warm-up failed: {}", failed.getFailure().toString());
              recovered.complete(Done.getInstance());
            })
        .build();
  }
}
