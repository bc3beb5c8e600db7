package dev.parley.node.management;

import dev.parley.node.logging.LogContext;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;

/**
 * One INFO line per cluster membership change this node sees, with the member's address and
 * roles. Pekko logs these itself, but at INFO among much else (its loggers are kept at WARN), and
 * a member's "Up" and "Removed" only on the leader's node; here every node tells its own view.
 */
public final class MembershipLog {
  private MembershipLog() {}

  public static Behavior<ClusterEvent.ClusterDomainEvent> create() {
    return Behaviors.setup(
        context -> {
          Cluster cluster = Cluster.get(context.getSystem());
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
          cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
          Logger log = context.getLog();
          String self = cluster.selfMember().address().toString();
          return Behaviors.receiveMessage(
              event -> {
                String change = change(event);
                if (change != null) {
                  Member member = member(event);
                  String address = member.address().toString();
                  LogContext.with(
                      Map.of(LogContext.MEMBER, address),
                      () ->
                          log.info(
                              "Cluster member {}: {} (roles {}){}",
                              change,
                              address,
                              String.join(",", new TreeSet<>(member.getRoles())),
                              address.equals(self) ? ", this node" : ""));
                }
                return Behaviors.same();
              });
        });
  }

  /** What happened, as the line says it; null for events not worth a line. */
  static String change(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberJoined) {
      return "joined";
    } else if (event instanceof ClusterEvent.MemberWeaklyUp) {
      return "weakly up (joined while a member was unreachable)";
    } else if (event instanceof ClusterEvent.MemberUp) {
      return "up";
    } else if (event instanceof ClusterEvent.MemberLeft) {
      return "leaving";
    } else if (event instanceof ClusterEvent.MemberExited) {
      return "exited";
    } else if (event instanceof ClusterEvent.MemberDowned) {
      return "downed";
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      return "removed (was " + removed.previousStatus().toString().toLowerCase(Locale.ROOT) + ")";
    } else if (event instanceof ClusterEvent.UnreachableMember) {
      return "unreachable";
    } else if (event instanceof ClusterEvent.ReachableMember) {
      return "reachable again";
    }
    return null;
  }

  private static Member member(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberEvent memberEvent) {
      return memberEvent.member();
    }
    return ((ClusterEvent.ReachabilityEvent) event).member();
  }
}
