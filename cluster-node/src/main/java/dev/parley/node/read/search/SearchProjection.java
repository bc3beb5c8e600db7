package dev.parley.node.read.search;

import dev.parley.node.read.OrderingGaps;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Keeps the search tables up to date with the journal: one {@link SearchProjector} step after
 * another, each a transaction on the search dispatcher. Exactly one runs in the cluster (a sharded
 * daemon process of one instance, moved to another node when its node leaves).
 *
 * <p>Exactly one step is in flight or one poll is scheduled, never both: after a step that stopped
 * at its batch size the next starts at once; after one that caught up (or waits at a gap) it starts
 * after {@code poll-interval}; after a failure (database unreachable) it starts after a backoff that
 * doubles up to {@code failure-backoff.max}, with one WARN line per failure.
 */
public final class SearchProjection {

  /** The sharded daemon process's name. */
  public static final String NAME = "search-projection";

  public sealed interface Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private record Stepped(SearchProjector.Progress progress) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  public static void init(ActorSystem<?> system, SearchSettings settings, DataSource dataSource) {
    SearchProjector projector =
        new SearchProjector(
            dataSource,
            SerializationExtension.get(Adapter.toClassic(system)),
            settings.batchSize(),
            Clock.systemUTC());
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER));
    ShardedDaemonProcess.get(system).init(Command.class, NAME, 1, instance -> create(projector, settings, blocking));
  }

  private static Behavior<Command> create(SearchProjector projector, SearchSettings settings, Executor blocking) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context.getLog().info("Search projection started");
                  context.getSelf().tell(Poll.INSTANCE);
                  return new SearchProjection(context, timers, projector, settings, blocking)
                      .running(OrderingGaps.none(settings.gapTimeout()), 0);
                }));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final SearchProjector projector;
  private final SearchSettings settings;
  private final Executor blocking;

  private SearchProjection(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      SearchProjector projector,
      SearchSettings settings,
      Executor blocking) {
    this.context = context;
    this.timers = timers;
    this.projector = projector;
    this.settings = settings;
    this.blocking = blocking;
  }

  /**
   * @param gaps the journal gaps waited for
   * @param failures failed steps in a row
   */
  private Behavior<Command> running(OrderingGaps gaps, int failures) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Poll.INSTANCE, () -> step(gaps))
        .onMessage(Stepped.class, stepped -> stepped(stepped.progress(), failures))
        .onMessage(Failed.class, failed -> failed(failed.cause(), gaps, failures + 1))
        .onSignal(
            PostStop.class,
            signal -> {
              ProjectionGauges.stopped();
              return Behaviors.same();
            })
        .build();
  }

  private Behavior<Command> step(OrderingGaps gaps) {
    context.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return projector.step(gaps);
              } catch (SQLException e) {
                throw new CompletionException(e);
              }
            },
            blocking),
        (progress, failure) -> failure == null ? new Stepped(progress) : new Failed(unwrapped(failure)));
    return Behaviors.same();
  }

  private Behavior<Command> stepped(SearchProjector.Progress progress, int failures) {
    if (failures > 0) {
      context.getLog().info("Search projection recovered after {} failed attempt(s)", failures);
    }
    for (OrderingGaps.Gap gap : progress.skipped()) {
      context.getLog().warn(
          "Search projection moved past journal orderings {}..{}, missing for over {}: a rolled-back write,"
              + " or a write that committed too late to be indexed",
          gap.first(),
          gap.last(),
          settings.gapTimeout());
    }
    ProjectionGauges.report(progress);
    if (progress.more()) {
      context.getSelf().tell(Poll.INSTANCE);
    } else {
      timers.startSingleTimer(Poll.INSTANCE, settings.pollInterval());
    }
    return running(progress.gaps(), 0);
  }

  private Behavior<Command> failed(Throwable cause, OrderingGaps gaps, int failures) {
    Duration backoff = settings.backoffAfter(failures);
    context.getLog().warn(
        "Search projection step failed (attempt {} in a row), retrying in {}: {}: {}",
        failures,
        backoff,
        cause.getClass().getSimpleName(),
        cause.getMessage());
    timers.startSingleTimer(Poll.INSTANCE, backoff);
    return running(gaps, failures);
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
