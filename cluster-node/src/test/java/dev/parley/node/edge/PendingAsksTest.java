package dev.parley.node.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.Member$;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.util.Version;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.Set;
import scala.jdk.javaapi.CollectionConverters;

class PendingAsksTest {
  private static final UniqueAddress NODE = new UniqueAddress(new Address("pekko", "parley", "127.0.0.3", 25520), 7L);
  private static final Member GONE = Member$.MODULE$.removed(NODE);

  @Test
  void aMemberThatLeftGracefullyHadHandedItsEntitiesOffSoNothingInFlightIsFailed() {
    assertFalse(PendingAsks.mayHaveLostRequests(new ClusterEvent.MemberRemoved(GONE, MemberStatus.exiting())));
  }

  @Test
  void aMemberThatWasDownedMayHaveTakenRequestsWithIt() {
    assertTrue(PendingAsks.mayHaveLostRequests(new ClusterEvent.MemberRemoved(GONE, MemberStatus.down())));
    assertTrue(PendingAsks.mayHaveLostRequests(new ClusterEvent.MemberDowned(downed())));
  }

  private static Member downed() {
    Set<String> roles = CollectionConverters.asScala(java.util.Set.of("dc-default")).toSet();
    return Member$.MODULE$.apply(NODE, roles, Version.Zero()).copy(MemberStatus.down());
  }
}
