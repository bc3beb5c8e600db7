package dev.parley.node.erasure;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every workspace's retention: the messages of its channels posted more than its days ago
 * are erased ({@link MessageErasure#eraseOlderThan}), as their deletion would. One sweep runs in the
 * cluster at a time (a sharded daemon process of one), every {@code retention-sweep-every}; a
 * message thus outlives its retention by at most that long. A failed sweep is logged and the next
 * one erases what it missed.
 */
public final class RetentionSweep {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
  private static final String NAME = "retention-sweep";

  private enum Tick {
    INSTANCE
  }

  private final RetentionPolicies policies;
  private final MessageErasure erasure;
  private final Clock clock;

  public RetentionSweep(RetentionPolicies policies, MessageErasure erasure, Clock clock) {
    this.policies = policies;
    this.erasure = erasure;
    this.clock = clock;
  }

  public static void init(ActorSystem<?> system, RetentionSweep sweep, Duration every) {
    ShardedDaemonProcess.get(system).init(Tick.class, NAME, 1, instance -> sweep.behavior(every));
  }

  /** One sweep over every workspace with a retention; completes with how many messages it erased. */
  public CompletionStage<Integer> sweep() {
    long now = clock.millis();
    return policies
        .due()
        .thenCompose(
            due -> {
              CompletableFuture<Integer> total = CompletableFuture.completedFuture(0);
              for (RetentionPolicies.WorkspaceChannels workspace : due) {
                long before = now - Duration.ofDays(workspace.policy().days()).toMillis();
                total =
                    total.thenCompose(
                        sum ->
                            erasure
                                .eraseOlderThan(workspace.channelIds(), before)
                                .thenApply(
                                    erased -> {
                                      if (erased > 0) {
                                        LOG.info(
                                            "Retention of workspace {} ({} days) erased {} messages",
                                            workspace.policy().workspaceId(),
                                            workspace.policy().days(),
                                            erased);
                                      }
                                      return sum + erased;
                                    }));
              }
              return total;
            });
  }

  private Behavior<Tick> behavior(Duration every) {
    return Behaviors.withTimers(
        timers -> {
          timers.startTimerWithFixedDelay(Tick.INSTANCE, every);
          return Behaviors.receive(Tick.class)
              .onMessage(
                  Tick.class,
                  tick -> {
                    sweep()
                        .whenComplete(
                            (erased, failure) -> {
                              if (failure != null) {
                                LOG.warn("Retention sweep failed; the next one retries: {}", failure.toString());
                              }
                            });
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
