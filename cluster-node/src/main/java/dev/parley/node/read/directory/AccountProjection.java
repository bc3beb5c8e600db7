package dev.parley.node.read.directory;

import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.search.SearchSettings;
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
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Keeps the account directory up to date with the journal: one {@link AccountProjector} step after
 * another, each a transaction on the search dispatcher, exactly one in the cluster (a sharded
 * daemon process of one instance). It paces itself as the search projection does and with its
 * settings ({@code parley.search}: poll interval, batch size, gap timeout, failure backoff): both
 * follow the same journal at the same cost.
 */
public final class AccountProjection {

  /** The sharded daemon process's name. */
  public static final String NAME = "account-projection";

  public sealed interface Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private record Stepped(AccountProjector.Progress progress) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  public static void init(ActorSystem<?> system, SearchSettings settings, DataSource dataSource) {
    AccountProjector projector =
        new AccountProjector(
            dataSource, SerializationExtension.get(Adapter.toClassic(system)), settings.batchSize(), Clock.systemUTC());
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER));
    ShardedDaemonProcess.get(system)
        .init(
            Command.class,
            NAME,
            1,
            instance ->
                Behaviors.setup(
                    context ->
                        Behaviors.withTimers(
                            timers -> {
                              context.getLog().info("Account projection started");
                              context.getSelf().tell(Poll.INSTANCE);
                              return new AccountProjection(context, timers, projector, settings, blocking)
                                  .running(OrderingGaps.none(settings.gapTimeout()), 0);
                            })));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final AccountProjector projector;
  private final SearchSettings settings;
  private final Executor blocking;

  private AccountProjection(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      AccountProjector projector,
      SearchSettings settings,
      Executor blocking) {
    this.context = context;
    this.timers = timers;
    this.projector = projector;
    this.settings = settings;
    this.blocking = blocking;
  }

  /** {@code failures}: failed steps in a row. */
  private Behavior<Command> running(OrderingGaps gaps, int failures) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Poll.INSTANCE, () -> step(gaps))
        .onMessage(Stepped.class, stepped -> stepped(stepped.progress(), failures))
        .onMessage(Failed.class, failed -> failed(failed.cause(), gaps, failures + 1))
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

  private Behavior<Command> stepped(AccountProjector.Progress progress, int failures) {
    if (failures > 0) {
      context.getLog().info("Account projection recovered after {} failed attempt(s)", failures);
    }
    for (OrderingGaps.Gap gap : progress.skipped()) {
      context.getLog().warn(
          "Account projection moved past journal orderings {}..{}, missing for over {}",
          gap.first(),
          gap.last(),
          settings.gapTimeout());
    }
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
        "Account projection step failed (attempt {} in a row), retrying in {}: {}: {}",
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
