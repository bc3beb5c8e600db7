package dev.parley.node.management;

import com.typesafe.config.ConfigFactory;
import dev.parley.node.logging.LogContext;
import dev.parley.node.testing.LocalCluster;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A one-node cluster: joining, coming up and leaving are the cluster's own events; a peer that
 * becomes unreachable, is downed and is removed cannot happen to a node alone, so those events are
 * handed in. (The node's own "removed" after leaving comes only once its coordinated shutdown has
 * run, which once on a CI machine had not happened 2.2 s after "exited".)
 */
class MembershipLogTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "MembershipLogTest",
          ConfigFactory.parseMap(
                  Map.of(
                      "pekko.actor.provider", "cluster",
                      "pekko.remote.artery.canonical.hostname", "127.0.0.1",
                      "pekko.remote.artery.canonical.port", 0))
              .withFallback(ConfigFactory.load()));
  private static final Cluster cluster = Cluster.get(testKit.system());

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static LoggingTestKit line(String text) {
    String address = cluster.selfMember().address().toString();
    return LoggingTestKit.info("Cluster member " + text + ": " + address + " (roles dc-default), this node")
        .withMdc(Map.of(LogContext.MEMBER, address));
  }

  @Test
  void everyMembershipChangeIsOneInfoLineWithTheAddressAndRoles() {
    ActorRef<ClusterEvent.ClusterDomainEvent> log = testKit.spawn(MembershipLog.create());
    line("up").expect(testKit.system(), () -> {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      return null;
    });

    // The log saw Up through its own subscription; the cluster's read view, which selfMember reads,
    // follows on another and says Removed until it has seen the join.
    LocalCluster.awaitCondition(() -> cluster.selfMember().status() == MemberStatus.up(), WAIT, "the read view to see this node Up");
    Member self = cluster.selfMember();
    line("unreachable").expect(testKit.system(), () -> {
      log.tell(new ClusterEvent.UnreachableMember(self));
      return null;
    });
    line("reachable again").expect(testKit.system(), () -> {
      log.tell(new ClusterEvent.ReachableMember(self));
      return null;
    });
    line("downed").expect(testKit.system(), () -> {
      log.tell(new ClusterEvent.MemberDowned(self.copy(MemberStatus.down())));
      return null;
    });

    line("removed (was exiting)").expect(testKit.system(), () -> {
      log.tell(new ClusterEvent.MemberRemoved(self.copy(MemberStatus.removed()), MemberStatus.exiting()));
      return null;
    });

    line("leaving").expect(testKit.system(), () -> {
      cluster.manager().tell(Leave.create(self.address()));
      return null;
    });
  }
}
