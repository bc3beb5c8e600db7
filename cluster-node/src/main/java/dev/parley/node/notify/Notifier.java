package dev.parley.node.notify;

import dev.parley.node.Blocking;
import dev.parley.node.Outcome;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.session.UserSession;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.serialization.SerializationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notification emails: a step of the notify projection ({@link NotifyProjector}) and then a round
 * of the due notices ({@link NoticeSender}), again and again. Exactly one runs in the cluster (a
 * sharded daemon process of one instance, as the search projection), so a notice is emailed once.
 * One step is in flight or one poll scheduled, never both: after a step that stopped at its batch
 * size the next starts at once, else after {@code poll-interval}; after a failure (database or
 * SMTP server unreachable), after a backoff doubling up to {@code failure-backoff.max}, with one
 * WARN line per failure.
 */
public final class Notifier {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  public static final String NAME = "notifier";

  public sealed interface Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private record Stepped(NotifyProjector.Progress progress) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  /** Starts the notifier; with no SMTP server set, it only keeps its offset at the journal's end. */
  public static void init(
      ActorSystem<?> system, NotifySettings settings, DataSource dataSource, UnsubscribeLinks unsubscribe, Duration askTimeout) {
    if (settings.smtp().isEmpty()) {
      log.info("Notification emails are off: PARLEY_SMTP_HOST is not set");
    } else {
      log.info("Notification emails on, through {}, {} after a mention or DM", settings.smtp().get(), settings.delay());
      if (settings.publicUrl().isEmpty()) {
        log.warn("PARLEY_PUBLIC_URL is not set: the links in notification emails will not work");
      }
    }
    Blocking blocking = new Blocking(system.dispatchers().lookup(DispatcherSelector.fromConfig(NotifySettings.DISPATCHER)));
    Clock clock = Clock.systemUTC();
    NotifyProjector projector =
        new NotifyProjector(dataSource, SerializationExtension.get(Adapter.toClassic(system)), settings, clock);
    NoticeSender sender =
        settings
            .smtp()
            .map(smtp -> new NoticeSender(dataSource, blocking, new SmtpMailer(smtp), sessions(system, askTimeout), unsubscribe, settings, clock))
            .orElse(null);
    ShardedDaemonProcess.get(system).init(Command.class, NAME, 1, instance -> create(projector, sender, settings, blocking));
  }

  private static Function<String, CompletionStage<UserSession.State>> sessions(ActorSystem<?> system, Duration askTimeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    return userId ->
        sharding
            .entityRefFor(UserSession.ENTITY_KEY, userId)
            .<Outcome<UserSession.State>>ask(UserSession.GetState::new, askTimeout)
            .thenApply(
                outcome -> {
                  if (outcome instanceof Outcome.Accepted<UserSession.State> accepted) {
                    return accepted.value();
                  }
                  throw new IllegalStateException("the session of user " + userId + " did not answer: " + outcome);
                });
  }

  private static Behavior<Command> create(NotifyProjector projector, NoticeSender sender, NotifySettings settings, Blocking blocking) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context.getSelf().tell(Poll.INSTANCE);
                  return new Notifier(context, timers, projector, sender, settings, blocking)
                      .running(OrderingGaps.none(settings.gapTimeout()), 0);
                }));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final NotifyProjector projector;
  /** Null while email is off. */
  private final NoticeSender sender;
  private final NotifySettings settings;
  private final Blocking blocking;

  private Notifier(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      NotifyProjector projector,
      NoticeSender sender,
      NotifySettings settings,
      Blocking blocking) {
    this.context = context;
    this.timers = timers;
    this.projector = projector;
    this.sender = sender;
    this.settings = settings;
    this.blocking = blocking;
  }

  private Behavior<Command> running(OrderingGaps gaps, int failures) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Poll.INSTANCE, () -> step(gaps))
        .onMessage(Stepped.class, stepped -> stepped(stepped.progress(), failures))
        .onMessage(Failed.class, failed -> failed(failed.cause(), gaps, failures + 1))
        .build();
  }

  private Behavior<Command> step(OrderingGaps gaps) {
    CompletionStage<NotifyProjector.Progress> projected = blocking.run(() -> projector.step(gaps));
    CompletionStage<NotifyProjector.Progress> done =
        sender == null ? projected : projected.thenCompose(progress -> sender.sendDue().thenApply(sent -> progress));
    context.pipeToSelf(done, (progress, failure) -> failure == null ? new Stepped(progress) : new Failed(unwrapped(failure)));
    return Behaviors.same();
  }

  private Behavior<Command> stepped(NotifyProjector.Progress progress, int failures) {
    if (failures > 0) {
      log.info("Notifier recovered after {} failed attempt(s)", failures);
    }
    for (OrderingGaps.Gap gap : progress.skipped()) {
      log.warn("Notify projection moved past journal orderings {}..{}, missing for over {}", gap.first(), gap.last(), settings.gapTimeout());
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
    log.warn(
        "Notifier step failed (attempt {} in a row), retrying in {}: {}: {}",
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
