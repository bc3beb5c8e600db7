package dev.parley.node.read;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;

/**
 * Runs a projection's step (blocking work, off the actor threads) again and again, exactly once in
 * the cluster: a sharded daemon process of one instance, moved to another node when its node
 * leaves. Exactly one step is in flight or one poll is scheduled, never both: after a step that
 * stopped at its batch size the next starts at once; after one that caught up (or waits at a gap)
 * it starts after the poll interval; after a failure (database unreachable) it starts after the
 * projection's backoff, with one WARN line per failure. The gaps waited for live in this actor, so
 * a step's gaps are the next step's.
 *
 * <p>Its messages go only to itself, never to another node.
 */
public final class ProjectionRunner {

  /** What the runner reads of a step's result. */
  public interface Progress {
    OrderingGaps gaps();

    /** Gaps given up on in this step. */
    List<OrderingGaps.Gap> skipped();

    /** Whether the next step may start at once. */
    boolean more();
  }

  /** Told of each step's result, and of the runner's stop (a projection's metrics). */
  public interface Watcher<P> {
    void stepped(P progress);

    void stopped();

    static <P> Watcher<P> none() {
      return new Watcher<>() {
        @Override
        public void stepped(P progress) {}

        @Override
        public void stopped() {}
      };
    }
  }

  /** @param backoffAfter the wait after so many failed steps in a row */
  public record Pacing(Duration pollInterval, Duration gapTimeout, IntFunction<Duration> backoffAfter) {}

  /**
   * The words of its log lines, which name the runner and the projection as operators know them.
   *
   * @param started the INFO line when it starts, if any
   * @param runner what recovers and fails: "Notifier" in "Notifier step failed"
   * @param projection what moves past gaps: "Notify projection" in "Notify projection moved past"
   * @param gapNote said after a gap's line: what a skipped gap means to this projection
   */
  public record Wording(Optional<String> started, String runner, String projection, String gapNote) {}

  /**
   * @param name the sharded daemon process's name
   * @param logAs the class its log lines are logged under
   * @param step one step from the gaps waited for; what it throws fails the step
   */
  public static <P extends Progress> void init(
      ActorSystem<?> system,
      String name,
      Class<?> logAs,
      Pacing pacing,
      Wording wording,
      Function<OrderingGaps, CompletionStage<P>> step,
      Watcher<P> watcher) {
    ShardedDaemonProcess.get(system)
        .init(
            Command.class,
            name,
            1,
            instance ->
                Behaviors.setup(
                    context ->
                        Behaviors.withTimers(
                            timers -> {
                              context.setLoggerName(logAs);
                              wording.started().ifPresent(line -> context.getLog().info(line));
                              context.getSelf().tell(Poll.INSTANCE);
                              return new Running<>(context, timers, pacing, wording, step, watcher)
                                  .running(OrderingGaps.none(pacing.gapTimeout()), 0);
                            })));
  }

  private ProjectionRunner() {}

  public sealed interface Command {}

  private enum Poll implements Command {
    INSTANCE
  }

  private record Stepped<P>(P progress) implements Command {}

  private record Failed(Throwable cause) implements Command {}

  private record Running<P extends Progress>(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Pacing pacing,
      Wording wording,
      Function<OrderingGaps, CompletionStage<P>> step,
      Watcher<P> watcher) {

    /** {@code failures}: failed steps in a row. */
    @SuppressWarnings("unchecked")
    Behavior<Command> running(OrderingGaps gaps, int failures) {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Poll.INSTANCE, () -> step(gaps))
          .onMessage(Stepped.class, stepped -> stepped((P) stepped.progress(), failures))
          .onMessage(Failed.class, failed -> failed(failed.cause(), gaps, failures + 1))
          .onSignal(
              PostStop.class,
              signal -> {
                watcher.stopped();
                return Behaviors.same();
              })
          .build();
    }

    private Behavior<Command> step(OrderingGaps gaps) {
      context.pipeToSelf(
          step.apply(gaps), (progress, failure) -> failure == null ? new Stepped<>(progress) : new Failed(unwrapped(failure)));
      return Behaviors.same();
    }

    private Behavior<Command> stepped(P progress, int failures) {
      if (failures > 0) {
        context.getLog().info(wording.runner() + " recovered after {} failed attempt(s)", failures);
      }
      for (OrderingGaps.Gap gap : progress.skipped()) {
        context.getLog().warn(
            wording.projection() + " moved past journal orderings {}..{}, missing for over {}" + wording.gapNote(),
            gap.first(),
            gap.last(),
            pacing.gapTimeout());
      }
      watcher.stepped(progress);
      if (progress.more()) {
        context.getSelf().tell(Poll.INSTANCE);
      } else {
        timers.startSingleTimer(Poll.INSTANCE, pacing.pollInterval());
      }
      return running(progress.gaps(), 0);
    }

    private Behavior<Command> failed(Throwable cause, OrderingGaps gaps, int failures) {
      Duration backoff = pacing.backoffAfter().apply(failures);
      context.getLog().warn(
          wording.runner() + " step failed (attempt {} in a row), retrying in {}: {}: {}",
          failures,
          backoff,
          cause.getClass().getSimpleName(),
          cause.getMessage());
      timers.startSingleTimer(Poll.INSTANCE, backoff);
      return running(gaps, failures);
    }
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
