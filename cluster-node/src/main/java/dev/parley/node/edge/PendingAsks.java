package dev.parley.node.edge;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.MemberStatus;
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
 * <p>A member removed after leaving gracefully (it was {@code Exiting}) does not count either: its
 * shards were handed off before it could exit (coordinated shutdown runs the sharding phase before
 * the exiting one), so the asks in flight then are bound for the entities' new homes, and failing
 * them made every rolling restart answer {@code unavailable} to whatever each node had in flight.
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

  PendingAsks(ActorSystem<?> system) {
    system.systemActorOf(listener(), LISTENER, Props.empty());
  }

  /** {@code ask}'s answer, or {@code unavailable} as soon as a member may have taken it down with it. */
  <T> CompletableFuture<T> track(CompletionStage<T> ask) {
    CompletableFuture<T> answer = new CompletableFuture<>();
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

  /** Whether requests in flight may have been lost with the member {@code event} is about. */
  static boolean mayHaveLostRequests(ClusterEvent.ClusterDomainEvent event) {
    return !(event instanceof ClusterEvent.MemberRemoved removed && removed.previousStatus() == MemberStatus.exiting());
  }

  private void memberLost(ClusterEvent.ClusterDomainEvent event) {
    if (!mayHaveLostRequests(event)) {
      return;
    }
    for (CompletableFuture<?> answer : pending) {
      answer.completeExceptionally(new TimeoutException("a cluster member was lost while this request was in flight: " + event));
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
                    memberLost(event);
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
