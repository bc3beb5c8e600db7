package dev.parley.node.management;

import dev.parley.node.logging.LogContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Downs an unreachable member at once when its cluster port refuses a connection. Nothing listens
 * there, so its process is gone (killed, crashed, exited): waiting for the split-brain resolver's
 * stable-after, and for its once-a-second tick, would only keep that member's channels without a
 * home for up to two seconds more. What proves nothing is left to the resolver: a frozen process
 * (SIGSTOP, a long GC pause) still holds its port, whose kernel accepts the connection, and a
 * partition drops the probe (no answer). Only a side that holds a strict majority of the members
 * downs this way, so it never downs what the resolver's keep-majority would keep; the journal's
 * primary key refuses a second writer's events whatever happens (docs/reliability.md).
 *
 * <p>Which members are unreachable comes from the reachability events themselves: the cluster's
 * read view ({@code Cluster.state()}) is updated by a subscriber of its own and may not have seen
 * the event that this actor is handling.
 */
public final class RefusedPortDowning extends AbstractBehavior<RefusedPortDowning.Message> {
  sealed interface Message permits Reachability, Removed, Probed {}

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Message {}

  private record Removed(ClusterEvent.MemberRemoved event) implements Message {}

  /** A probe of an unreachable member's port has ended. */
  private record Probed(UniqueAddress member, PortProbe.Answer answer) implements Message {}

  private final Cluster cluster;
  private final Executor probes;
  private final Duration timeout;
  /** By incarnation: a member restarted on the same address is another member. */
  private final Set<UniqueAddress> unreachable = new HashSet<>();

  /** {@code probes}: where the blocking connects run; {@code timeout}: how long one may wait for an answer. */
  public static Behavior<Void> create(Executor probes, Duration timeout) {
    return Behaviors.<Message>setup(context -> new RefusedPortDowning(context, probes, timeout)).unsafeCast();
  }

  private RefusedPortDowning(ActorContext<Message> context, Executor probes, Duration timeout) {
    super(context);
    this.cluster = Cluster.get(context.getSystem());
    this.probes = probes;
    this.timeout = timeout;
    cluster
        .subscriptions()
        .tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new), ClusterEvent.ReachabilityEvent.class));
    cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class, Removed::new), ClusterEvent.MemberRemoved.class));
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Reachability.class, this::onReachability)
        .onMessage(Removed.class, this::onRemoved)
        .onMessage(Probed.class, this::onProbed)
        .build();
  }

  private Behavior<Message> onReachability(Reachability reachability) {
    Member member = reachability.event().member();
    if (reachability.event() instanceof ClusterEvent.UnreachableMember) {
      unreachable.add(member.uniqueAddress());
      // Others finding this node unreachable is theirs to act on.
      if (!member.uniqueAddress().equals(cluster.selfMember().uniqueAddress())) {
        probe(member.uniqueAddress());
      }
    } else {
      unreachable.remove(member.uniqueAddress());
    }
    return this;
  }

  private Behavior<Message> onRemoved(Removed removed) {
    unreachable.remove(removed.event().member().uniqueAddress());
    return this;
  }

  private void probe(UniqueAddress member) {
    DowningMajority.Verdict verdict = decide(member);
    if (verdict == DowningMajority.Verdict.NO_MAJORITY) {
      getContext().getLog().info("Unreachable member {} left to the split-brain resolver: this node's side is not a majority", member.address());
    }
    if (verdict != DowningMajority.Verdict.MAY_DOWN) {
      return;
    }
    String host = member.address().getHost().get();
    int port = (Integer) member.address().getPort().get();
    getContext()
        .pipeToSelf(
            CompletableFuture.supplyAsync(() -> PortProbe.ask(host, port, timeout), probes),
            (answer, error) -> new Probed(member, error == null ? answer : PortProbe.Answer.SILENT));
  }

  /** Checked again after the probe: the member may have come back, or this side lost its majority, meanwhile. */
  private Behavior<Message> onProbed(Probed probed) {
    UniqueAddress member = probed.member();
    Address address = member.address();
    if (probed.answer() != PortProbe.Answer.REFUSED) {
      getContext()
          .getLog()
          .info(
              "Unreachable member {} left to the split-brain resolver: its cluster port {}",
              address,
              probed.answer() == PortProbe.Answer.ACCEPTED ? "accepts connections" : "did not answer");
    } else if (decide(member) == DowningMajority.Verdict.MAY_DOWN) {
      LogContext.with(
          Map.of(LogContext.MEMBER, address.toString()),
          () -> getContext().getLog().info("Downing unreachable member {} at once: its cluster port refuses connections, so its process is gone", address));
      cluster.manager().tell(new Down(address));
    }
    return this;
  }

  /** The keep-majority rule on this node's view: the members from the cluster, their reachability from the events. */
  private DowningMajority.Verdict decide(UniqueAddress member) {
    List<DowningMajority.Voter> voters = new ArrayList<>();
    for (Member m : cluster.state().getMembers()) {
      voters.add(new DowningMajority.Voter(m.uniqueAddress().toString(), m.status(), !unreachable.contains(m.uniqueAddress())));
    }
    return DowningMajority.decide(cluster.selfMember().uniqueAddress().toString(), member.toString(), voters);
  }
}
