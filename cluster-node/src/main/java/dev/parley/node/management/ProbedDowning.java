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
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Downs an unreachable member on what one TCP connect to its cluster port tells, without waiting
 * for the split-brain resolver's once-a-second tick, which kept a dead or frozen member's channels
 * without a home for up to a second more (in one SIGSTOP, 1.1 s after stable-after was over).
 *
 * <ul>
 *   <li>The port refuses: nothing listens there, the process is gone (killed, crashed, exited). It
 *       is downed at once.
 *   <li>The port accepts but the member answers no heartbeat: a frozen process (SIGSTOP, a long GC
 *       pause), whose kernel still completes handshakes. It is downed when the resolver would have
 *       decided the same, exactly stable-after after the last reachability change, provided it is
 *       then still the only member unreachable to anyone, this node included. Any other change
 *       meanwhile (it came back, another member went, others found this node unreachable) leaves
 *       the decision to the resolver, which sees more of a partial partition than one node's view.
 *   <li>No answer: a partition drops the probe (it leaves from the address the node's cluster
 *       connections leave from, so it meets the same cut); that proves nothing and the resolver
 *       decides.
 * </ul>
 *
 * Only a side that holds a strict majority of the members downs this way, so it never downs what
 * the resolver's keep-majority would keep; the journal's primary key refuses a second writer's
 * events whatever happens (docs/reliability.md).
 *
 * <p>Which members are unreachable comes from the reachability events themselves: the cluster's
 * read view ({@code Cluster.state()}) is updated by a subscriber of its own and may not have seen
 * the event that this actor is handling.
 */
public final class ProbedDowning extends AbstractBehavior<ProbedDowning.Message> {
  sealed interface Message permits Reachability, Observations, Removed, Probed, StableAfter {}

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Message {}

  /**
   * Every member's observations of every other, as gossiped: Pekko's internal event, which its own
   * resolver reads too (docs/stack.md says what a Pekko upgrade must check).
   */
  private record Observations(ClusterEvent.ReachabilityChanged event) implements Message {}

  private record Removed(ClusterEvent.MemberRemoved event) implements Message {}

  /** A probe of an unreachable member's port has ended. */
  private record Probed(UniqueAddress member, PortProbe.Answer answer) implements Message {}

  /** Stable-after has passed since {@code change}, when {@code member}'s port was found accepting. */
  private record StableAfter(UniqueAddress member, long change) implements Message {}

  private final Cluster cluster;
  private final TimerScheduler<Message> timers;
  private final Executor probes;
  private final Duration timeout;
  private final Duration stableAfter;
  private final String from;
  /** By incarnation: a member restarted on the same address is another member. */
  private final Set<UniqueAddress> unreachable = new HashSet<>();
  /**
   * The members any member finds unreachable, this node included: the reachability events leave
   * this node out, so only here does it learn that others cannot reach it (a cut between it and
   * one other node, which a third sees both sides of).
   */
  private Set<UniqueAddress> unreachableAnywhere = Set.of();
  /** Counts the reachability and removal changes this node has seen. */
  private long changes;
  private long lastChangeNanos = System.nanoTime();

  /**
   * {@code probes}: where the blocking connects run; {@code timeout}: how long one may wait for an
   * answer; {@code stableAfter}: the resolver's, how long membership must stay unchanged before a
   * frozen member is downed; {@code from}: the local address the node's cluster connections leave
   * from, null for the kernel's choice.
   */
  public static Behavior<Void> create(Executor probes, Duration timeout, Duration stableAfter, String from) {
    return Behaviors.<Message>setup(
            context -> Behaviors.withTimers(timers -> new ProbedDowning(context, timers, probes, timeout, stableAfter, from)))
        .unsafeCast();
  }

  private ProbedDowning(
      ActorContext<Message> context, TimerScheduler<Message> timers, Executor probes, Duration timeout, Duration stableAfter, String from) {
    super(context);
    this.cluster = Cluster.get(context.getSystem());
    this.timers = timers;
    this.probes = probes;
    this.timeout = timeout;
    this.stableAfter = stableAfter;
    this.from = from;
    cluster
        .subscriptions()
        .tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new), ClusterEvent.ReachabilityEvent.class));
    cluster
        .subscriptions()
        .tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachabilityChanged.class, Observations::new), ClusterEvent.ReachabilityChanged.class));
    cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class, Removed::new), ClusterEvent.MemberRemoved.class));
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Reachability.class, this::onReachability)
        .onMessage(Observations.class, this::onObservations)
        .onMessage(Removed.class, this::onRemoved)
        .onMessage(Probed.class, this::onProbed)
        .onMessage(StableAfter.class, this::onStableAfter)
        .build();
  }

  private Behavior<Message> onReachability(Reachability reachability) {
    changed();
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

  private Behavior<Message> onObservations(Observations observations) {
    unreachableAnywhere = Set.copyOf(CollectionConverters.asJava(observations.event().reachability().allUnreachableOrTerminated()));
    return this;
  }

  private Behavior<Message> onRemoved(Removed removed) {
    changed();
    unreachable.remove(removed.event().member().uniqueAddress());
    return this;
  }

  private void changed() {
    changes++;
    lastChangeNanos = System.nanoTime();
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
            CompletableFuture.supplyAsync(() -> PortProbe.ask(from, host, port, timeout), probes),
            (answer, error) -> new Probed(member, error == null ? answer : PortProbe.Answer.SILENT));
  }

  /** Checked again after the probe: the member may have come back, or this side lost its majority, meanwhile. */
  private Behavior<Message> onProbed(Probed probed) {
    UniqueAddress member = probed.member();
    Address address = member.address();
    switch (probed.answer()) {
      case REFUSED -> {
        if (decide(member) == DowningMajority.Verdict.MAY_DOWN) {
          down(address, "Downing unreachable member {} at once: its cluster port refuses connections, so its process is gone");
        }
      }
      case ACCEPTED -> {
        if (onlyUnreachable(member)) {
          Duration left = stableAfter.minusNanos(System.nanoTime() - lastChangeNanos);
          getContext()
              .getLog()
              .info("Unreachable member {} accepts connections on its cluster port but answers no heartbeat (frozen): downing it in {} ms unless membership changes", address, Math.max(0, left.toMillis()));
          timers.startSingleTimer(member, new StableAfter(member, changes), left.isNegative() ? Duration.ZERO : left);
        } else {
          getContext().getLog().info("Unreachable member {} left to the split-brain resolver: its cluster port accepts connections, but other members are unreachable too or this node is to others", address);
        }
      }
      case SILENT -> getContext().getLog().info("Unreachable member {} left to the split-brain resolver: its cluster port did not answer", address);
    }
    return this;
  }

  private Behavior<Message> onStableAfter(StableAfter stable) {
    Address address = stable.member().address();
    if (stable.change() == changes && onlyUnreachable(stable.member())) {
      down(address, "Downing unreachable member {}: frozen, and membership unchanged for stable-after");
    } else {
      getContext().getLog().info("Unreachable member {} left to the split-brain resolver: membership changed while it was frozen", address);
    }
    return this;
  }

  /** No other member is unreachable to anyone, this node included, and this side is a majority. */
  private boolean onlyUnreachable(UniqueAddress member) {
    Set<UniqueAddress> alone = Set.of(member);
    return unreachable.equals(alone) && unreachableAnywhere.equals(alone) && decide(member) == DowningMajority.Verdict.MAY_DOWN;
  }

  private void down(Address address, String line) {
    LogContext.with(Map.of(LogContext.MEMBER, address.toString()), () -> getContext().getLog().info(line, address));
    cluster.manager().tell(new Down(address));
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
