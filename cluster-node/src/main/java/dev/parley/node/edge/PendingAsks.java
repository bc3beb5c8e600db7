package dev.parley.node.edge;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The edge's asks to entities that have not been answered yet. When a cluster member is downed or
 * removed, every one of them is answered {@code unavailable} at once: the entity may have lived on
 * that member, and a request lost with it would otherwise wait the whole ask timeout before the
 * client could retry, with the entity's new home already serving. An ask that was in fact bound for
 * a live member is retried by the client like any {@code unavailable}; the contract makes every
 * retry safe.
 *
 * <p>For a while after ({@link Rehoming}), new asks get a shorter timeout. Until every node has
 * seen the member removed and its shards' new homes are allocated, a request can still be routed to
 * the lost member (a region or the shard coordinator that has not caught up yet) and is then lost
 * with it; with the usual ask timeout the client would wait two seconds to learn it, which was most
 * of the stall after a SIGSTOP in the fault suite (removal at 3.0-3.4 s, first ack at 5.2 s).
 *
 * <p>A member that only became unreachable does not count: until it is downed, sharding still
 * routes its entities' requests to it, so a retry could not reach a new home sooner anyway, and on
 * a starved machine members flap unreachable under load (late heartbeats), where failing every
 * pending request of every node at each flap turned an overload into a collapse of retries (three
 * nodes sharing two cores, docs/benchmarks.md, session 13).
 */
final class PendingAsks {
  private static final String LISTENER = "pending-asks";

  private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
  private final Rehoming rehoming;
  private final LongSupplier nanoClock;
  /** Until when (System.nanoTime) asks get the rehoming timeout; 0: not since the start. */
  private volatile long rehomingUntil;

  PendingAsks(ActorSystem<?> system, Rehoming rehoming) {
    this(rehoming, System::nanoTime);
    system.systemActorOf(listener(), LISTENER, Props.empty());
  }

  /** Without the cluster listener: {@link #memberLost} is called by the test. */
  PendingAsks(Rehoming rehoming, LongSupplier nanoClock) {
    this.rehoming = rehoming;
    this.nanoClock = nanoClock;
  }

  /** {@code ask}'s answer, or {@code unavailable} as soon as a member may have taken it down with it. */
  <T> CompletableFuture<T> track(CompletionStage<T> ask) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    long until = rehomingUntil;
    if (until != 0 && nanoClock.getAsLong() - until < 0) {
      answer.orTimeout(rehoming.askTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }
    pending.add(answer);
    answer.whenComplete((value, failure) -> pending.remove(answer));
    ask.whenComplete(
        (value, failure) -> {
          if (failure == null) {
            answer.complete(value);
          } else {
            answer.completeExceptionally(failure);
          }
        });
    return answer;
  }

  /** {@code what}: the cluster event, for the failure's message. */
  void memberLost(String what) {
    rehomingUntil = nanoClock.getAsLong() + rehoming.window().toNanos();
    for (CompletableFuture<?> answer : pending) {
      answer.completeExceptionally(new TimeoutException("a cluster member was lost while this request was in flight: " + what));
    }
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> listener() {
    return Behaviors.setup(
        context -> {
          Cluster cluster = Cluster.get(context.getSystem());
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberDowned.class));
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberRemoved.class));
          return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
              .onMessage(
                  ClusterEvent.ClusterDomainEvent.class,
                  event -> {
                    memberLost(event.toString());
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
