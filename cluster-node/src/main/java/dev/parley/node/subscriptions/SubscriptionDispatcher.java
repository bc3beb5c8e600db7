package dev.parley.node.subscriptions;

import dev.parley.node.Blocking;
import dev.parley.node.read.OrderingGaps;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing event deliveries: a step of the subscription projection ({@link SubscriptionProjector})
 * and then a round of the due deliveries ({@link DeliveryRound}), again and again. Exactly one runs
 * in the cluster (a sharded daemon process of one instance, as the notifier), so that a delivery is
 * attempted by one node at a time. One step is in flight or one poll scheduled, never both: after a
 * step that stopped at its batch size the next starts at once, else after {@code poll-interval};
 * after a failure (database unreachable), after a backoff doubling up to {@code
 * failure-backoff.max}, with one WARN line per failure. A receiver's failure is no failure of the
 * step: it is the delivery's, retried on its own schedule.
 */
public final class SubscriptionDispatcher {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionDispatcher.class);

  public static final String NAME = "subscription-dispatcher";

  public sealed interface Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private record Stepped(SubscriptionProjector.Progress progress, boolean moreDue) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  public static void init(ActorSystem<?> system, SubscriptionSettings settings, DataSource dataSource, ReceiverPolicy policy, Duration askTimeout) {
    Blocking blocking = new Blocking(system.dispatchers().lookup(DispatcherSelector.fromConfig(SubscriptionSettings.DISPATCHER)));
    Clock clock = Clock.systemUTC();
    DeliveryQueue queue = new DeliveryQueue(settings);
    SubscriptionProjector projector =
        new SubscriptionProjector(dataSource, SerializationExtension.get(Adapter.toClassic(system)), queue, settings, clock);
    DeliveryRound round = new DeliveryRound(system, dataSource, queue, policy, blocking, settings, askTimeout, clock);
    ShardedDaemonProcess.get(system).init(Command.class, NAME, 1, instance -> create(projector, round, settings, blocking));
  }

  private static Behavior<Command> create(SubscriptionProjector projector, DeliveryRound round, SubscriptionSettings settings, Blocking blocking) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context.getSelf().tell(Poll.INSTANCE);
                  return new SubscriptionDispatcher(context, timers, projector, round, settings, blocking)
                      .running(OrderingGaps.none(settings.gapTimeout()), 0);
                }));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final SubscriptionProjector projector;
  private final DeliveryRound round;
  private final SubscriptionSettings settings;
  private final Blocking blocking;

  private SubscriptionDispatcher(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      SubscriptionProjector projector,
      DeliveryRound round,
      SubscriptionSettings settings,
      Blocking blocking) {
    this.context = context;
    this.timers = timers;
    this.projector = projector;
    this.round = round;
    this.settings = settings;
    this.blocking = blocking;
  }

  private Behavior<Command> running(OrderingGaps gaps, int failures) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Poll.INSTANCE, () -> step(gaps))
        .onMessage(Stepped.class, stepped -> stepped(stepped, failures))
        .onMessage(Failed.class, failed -> failed(failed.cause(), gaps, failures + 1))
        .build();
  }

  private Behavior<Command> step(OrderingGaps gaps) {
    CompletionStage<Stepped> done =
        blocking
            .run(() -> projector.step(gaps))
            .thenCompose(progress -> round.run().thenApply(moreDue -> new Stepped(progress, moreDue)));
    context.pipeToSelf(done, (stepped, failure) -> failure == null ? stepped : new Failed(unwrapped(failure)));
    return Behaviors.same();
  }

  private Behavior<Command> stepped(Stepped stepped, int failures) {
    if (failures > 0) {
      log.info("Subscription dispatcher recovered after {} failed attempt(s)", failures);
    }
    SubscriptionProjector.Progress progress = stepped.progress();
    for (OrderingGaps.Gap gap : progress.skipped()) {
      log.warn(
          "Subscription projection moved past journal orderings {}..{}, missing for over {}", gap.first(), gap.last(), settings.gapTimeout());
    }
    if (progress.more() || stepped.moreDue()) {
      context.getSelf().tell(Poll.INSTANCE);
    } else {
      timers.startSingleTimer(Poll.INSTANCE, settings.pollInterval());
    }
    return running(progress.gaps(), 0);
  }

  private Behavior<Command> failed(Throwable cause, OrderingGaps gaps, int failures) {
    Duration backoff = settings.backoffAfter(failures);
    log.warn(
        "Subscription dispatcher step failed (attempt {} in a row), retrying in {}: {}: {}",
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
