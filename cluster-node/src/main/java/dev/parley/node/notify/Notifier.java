package dev.parley.node.notify;

import dev.parley.node.Blocking;
import dev.parley.node.Outcome;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.ProjectionRunner;
import dev.parley.node.read.ProjectionStep;
import dev.parley.node.session.UserSession;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.serialization.SerializationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notification emails: a step of the notify projection ({@link NotifyProjector}) and then a round
 * of the due notices ({@link NoticeSender}), again and again. Exactly one runs in the cluster (a
 * {@link ProjectionRunner}), so a notice is emailed once. An SMTP server that cannot be reached
 * fails the step as the database does: the next waits for {@code parley.notify.failure-backoff}.
 */
public final class Notifier {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  public static final String NAME = "notifier";

  private static final ProjectionRunner.Wording WORDING =
      new ProjectionRunner.Wording(Optional.empty(), "Notifier", "Notify projection", "");

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
    ProjectionRunner.init(
        system,
        NAME,
        Notifier.class,
        new ProjectionRunner.Pacing(settings.pollInterval(), settings.gapTimeout(), settings::backoffAfter),
        WORDING,
        gaps -> step(projector, sender, blocking, gaps),
        ProjectionRunner.Watcher.none());
  }

  /** {@code sender}: null while email is off. */
  private static CompletionStage<ProjectionStep.Advanced> step(
      NotifyProjector projector, NoticeSender sender, Blocking blocking, OrderingGaps gaps) {
    CompletionStage<ProjectionStep.Advanced> projected = blocking.run(() -> projector.step(gaps));
    return sender == null ? projected : projected.thenCompose(progress -> sender.sendDue().thenApply(sent -> progress));
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

  private Notifier() {}
}
