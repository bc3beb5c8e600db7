package dev.parley.node.subscriptions;

import dev.parley.node.Blocking;
import dev.parley.node.notify.AccountMail;
import dev.parley.node.read.OrderingGaps;
import dev.parley.node.read.ProjectionRunner;
import dev.parley.node.read.ProjectionStep;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * Outgoing event deliveries: a step of the subscription projection ({@link SubscriptionProjector})
 * and then a round of the due deliveries ({@link DeliveryRound}), again and again. Exactly one runs
 * in the cluster (a {@link ProjectionRunner}), so that a delivery is attempted by one node at a
 * time. A receiver's failure is no failure of the step: it is the delivery's, retried on its own
 * schedule.
 */
public final class SubscriptionDispatcher {
  public static final String NAME = "subscription-dispatcher";

  private static final ProjectionRunner.Wording WORDING =
      new ProjectionRunner.Wording(Optional.empty(), "Subscription dispatcher", "Subscription projection", "");

  /** {@code moreDue}: the round stopped at its batch size, so the next step starts at once too. */
  private record Stepped(ProjectionStep.Advanced projected, boolean moreDue) implements ProjectionRunner.Progress {
    @Override
    public OrderingGaps gaps() {
      return projected.gaps();
    }

    @Override
    public List<OrderingGaps.Gap> skipped() {
      return projected.skipped();
    }

    @Override
    public boolean more() {
      return projected.more() || moreDue;
    }
  }

  /** {@code mail}: how the creator of a subscription it disables is told. */
  public static void init(
      ActorSystem<?> system,
      SubscriptionSettings settings,
      DataSource dataSource,
      ReceiverPolicy policy,
      AccountMail mail,
      Duration askTimeout) {
    Blocking blocking = new Blocking(system.dispatchers().lookup(DispatcherSelector.fromConfig(SubscriptionSettings.DISPATCHER)));
    Clock clock = Clock.systemUTC();
    DeliveryQueue queue = new DeliveryQueue(settings);
    SubscriptionProjector projector =
        new SubscriptionProjector(dataSource, SerializationExtension.get(Adapter.toClassic(system)), queue, settings, clock);
    DeliveryRound round = new DeliveryRound(system, dataSource, queue, policy, blocking, settings, new CreatorEmail(mail), askTimeout, clock);
    ProjectionRunner.init(
        system,
        NAME,
        SubscriptionDispatcher.class,
        new ProjectionRunner.Pacing(settings.pollInterval(), settings.gapTimeout(), settings::backoffAfter),
        WORDING,
        gaps ->
            blocking
                .run(() -> projector.step(gaps))
                .thenCompose(projected -> round.run().thenApply(moreDue -> new Stepped(projected, moreDue))),
        ProjectionRunner.Watcher.none());
  }

  private SubscriptionDispatcher() {}
}
