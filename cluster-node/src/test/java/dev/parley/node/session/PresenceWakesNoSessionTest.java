package dev.parley.node.session;

import static dev.parley.node.testing.Outcomes.accepted;

import com.typesafe.config.ConfigFactory;
import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.workspace.Role;
import dev.parley.node.workspace.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-node cluster with the node's wiring of presence: a user's real UserSession, sharded, with
 * the node's publisher and hub. When the user comes online, a member's live connection hears it,
 * and none of the workspace's 1,000 members' sessions is sent anything (each would be started and
 * recovered from the journal only to find no connection, for most of them). The other members'
 * sessions and the workspace are stand-ins that record what reaches them.
 */
class PresenceWakesNoSessionTest {
  private static final String ALICE = "u-alice";
  private static final String WORKSPACE = "w-big";
  private static final int MEMBERS = 1000;
  private static final UserSession.Settings SETTINGS =
      new UserSession.Settings(
          100,
          Duration.ofSeconds(20),
          Duration.ofSeconds(5),
          20,
          new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));

  private static ActorTestKit testKit;
  private static ClusterSharding sharding;
  /** Whatever reaches another member's session or the workspace. */
  private static TestProbe<String> reached;
  private static ActorRef<PresenceHub.Command> hub;

  @BeforeAll
  static void start() {
    testKit =
        ActorTestKit.create(
            "PresenceWakesNoSessionTest",
            ConfigFactory.parseMap(
                    Map.of(
                        "pekko.actor.provider", "cluster",
                        "pekko.remote.artery.canonical.hostname", "127.0.0.1",
                        "pekko.remote.artery.canonical.port", 0))
                .withFallback(EntityTestConfig.config()));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TestProbe<Object> up = testKit.createTestProbe();
    up.awaitAssert(
        Duration.ofSeconds(10),
        () -> {
          if (cluster.selfMember().status() != MemberStatus.up()) {
            throw new AssertionError("not up yet: " + cluster.selfMember().status());
          }
          return null;
        });
    sharding = ClusterSharding.get(testKit.system());
    reached = testKit.createTestProbe();
    hub = testKit.spawn(PresenceHub.create(Duration.ofMillis(100)), "presence-hub");
    PresencePublisher publisher = new HubPresencePublisher(hub);
    sharding.init(
        Entity.of(
            UserSession.ENTITY_KEY,
            context ->
                context.getEntityId().equals(ALICE)
                    ? UserSession.create(ALICE, SETTINGS, publisher, Clock.systemUTC())
                    : recorder(UserSession.Command.class, "session " + context.getEntityId())));
    sharding.init(Entity.of(Workspace.ENTITY_KEY, context -> workspaceOfAThousand()));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static <T> Behavior<T> recorder(Class<T> type, String who) {
    return Behaviors.receive(type)
        .onAnyMessage(
            message -> {
              reached.ref().tell(who + " got " + message);
              return Behaviors.same();
            })
        .build();
  }

  /** Answers who its members are (as a member list was asked for per change before), and records it. */
  private static Behavior<Workspace.Command> workspaceOfAThousand() {
    List<Workspace.Member> members =
        IntStream.range(0, MEMBERS).mapToObj(i -> new Workspace.Member(i == 0 ? ALICE : "u-" + i, "user" + i, Role.MEMBER)).toList();
    return Behaviors.receive(Workspace.Command.class)
        .onMessage(
            Workspace.GetMembers.class,
            get -> {
              reached.ref().tell("workspace got " + get);
              get.replyTo().tell(Outcome.accepted(new Workspace.Members(members)));
              return Behaviors.same();
            })
        .build();
  }

  @Test
  void comingOnlineReachesMembersConnectionsAndNoMembersSession() {
    TestProbe<UserSession.Notice> bobsConnection = testKit.createTestProbe();
    hub.tell(new PresenceHub.Subscribe("u-1", Set.of(WORKSPACE), bobsConnection.ref()));
    TestProbe<UserSession.Notice> alicesConnection = testKit.createTestProbe();
    accepted(
        sharding
            .entityRefFor(UserSession.ENTITY_KEY, ALICE)
            .<Outcome<Acknowledged>>ask(replyTo -> new UserSession.RecordWorkspace(WORKSPACE, "Big", Role.MEMBER, replyTo), Duration.ofSeconds(5))
            .toCompletableFuture()
            .join());

    accepted(
        sharding
            .entityRefFor(UserSession.ENTITY_KEY, ALICE)
            .<Outcome<UserSession.State>>ask(replyTo -> new UserSession.Attach(alicesConnection.ref(), replyTo), Duration.ofSeconds(5))
            .toCompletableFuture()
            .join());

    reached.expectNoMessage(Duration.ofSeconds(1));
    bobsConnection.expectMessage(new UserSession.PresenceBatch(List.of(new UserSession.PresenceChanged(ALICE, "online"))));
    bobsConnection.expectNoMessage(Duration.ofMillis(100));
    alicesConnection.expectNoMessage(Duration.ofMillis(100));
  }
}
