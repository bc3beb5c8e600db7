package dev.parley.node.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.CborSerializable;
import dev.parley.node.testing.EntityTestConfig;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node-local presence hub: a change reaches each local connection of the user's workspaces
 * once, in a batch with the others of its window, no one else, and each other node's hub once.
 * Hubs of one ActorSystem stand for the hubs of several nodes: they find each other through the
 * (local) receptionist, as nodes do through the cluster's. Each test has workspaces of its own.
 */
class PresenceHubTest {
  private static final Duration QUIET = Duration.ofMillis(300);
  /** Long enough that what a test publishes in a row falls into one window. */
  private static final Duration WINDOW = Duration.ofMillis(500);
  private static final AtomicInteger IDS = new AtomicInteger();

  private static ActorTestKit testKit;
  /** Stops what a test registered at the receptionist, after it. */
  private final List<Runnable> started = new ArrayList<>();

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("PresenceHubTest", EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stopStarted() {
    started.forEach(Runnable::run);
    started.clear();
  }

  private static String workspace() {
    return "w-" + IDS.incrementAndGet();
  }

  private ActorRef<PresenceHub.Command> hub() {
    ActorRef<PresenceHub.Command> hub = testKit.spawn(PresenceHub.create(WINDOW));
    started.add(() -> testKit.stop(hub));
    return hub;
  }

  /** A connection of {@code userId}, subscribed at {@code hub} to {@code workspaceIds}. */
  private static TestProbe<UserSession.Notice> connection(ActorRef<PresenceHub.Command> hub, String userId, String... workspaceIds) {
    TestProbe<UserSession.Notice> connection = testKit.createTestProbe();
    hub.tell(new PresenceHub.Subscribe(userId, Set.of(workspaceIds), connection.ref()));
    return connection;
  }

  /**
   * Waits until the receptionist lists {@code count} hubs, then once more, so that the listings
   * it sends the hubs are in their mailboxes ahead of anything the test sends them next.
   */
  private static void awaitHubs(int count) {
    TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();
    listings.awaitAssert(
        () -> {
          testKit.system().receptionist().tell(Receptionist.find(PresenceHub.KEY, listings.ref()));
          assertEquals(count, listings.receiveMessage().getServiceInstances(PresenceHub.KEY).size());
          return null;
        });
    testKit.system().receptionist().tell(Receptionist.find(PresenceHub.KEY, listings.ref()));
    listings.receiveMessage();
  }

  private static UserSession.PresenceBatch batch(UserSession.PresenceChanged... changes) {
    return new UserSession.PresenceBatch(List.of(changes));
  }

  @Test
  void aChangeReachesEachLocalConnectionOfTheUsersWorkspacesOnceAndNoOneElse() {
    String acme = workspace();
    String beta = workspace();
    String other = workspace();
    ActorRef<PresenceHub.Command> hub = hub();
    TestProbe<UserSession.Notice> alice = connection(hub, "u-alice", acme);
    TestProbe<UserSession.Notice> bob = connection(hub, "u-bob", acme, beta); // shares both workspaces
    TestProbe<UserSession.Notice> carol = connection(hub, "u-carol", beta);
    TestProbe<UserSession.Notice> dave = connection(hub, "u-dave", other); // shares none
    TestProbe<UserSession.Notice> erinsOwn = connection(hub, "u-erin", acme);

    new HubPresencePublisher(hub).publish("u-erin", "away", Set.of(acme, beta));

    UserSession.PresenceChanged away = new UserSession.PresenceChanged("u-erin", "away");
    for (TestProbe<UserSession.Notice> member : List.of(alice, bob, carol)) {
      member.expectMessage(batch(away));
    }
    for (TestProbe<UserSession.Notice> member : List.of(alice, bob, carol, dave, erinsOwn)) {
      member.expectNoMessage(QUIET);
    }
  }

  @Test
  void eachOtherNodeIsSentOneMessagePerChangeNotOnePerMember() {
    String acme = workspace();
    String beta = workspace();
    ActorRef<PresenceHub.Command> hub = hub();
    List<TestProbe<UserSession.Notice>> members = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      members.add(connection(hub, "u-" + i, i % 2 == 0 ? acme : beta));
    }
    TestProbe<PresenceHub.Command> otherNode = testKit.createTestProbe();
    started.add(otherNode::stop);
    testKit.system().receptionist().tell(Receptionist.register(PresenceHub.KEY, otherNode.ref()));
    awaitHubs(2);

    new HubPresencePublisher(hub).publish("u-erin", "online", Set.of(acme, beta));
    new HubPresencePublisher(hub).publish("u-erin", "dnd", Set.of(acme, beta));

    assertEquals(new PresenceHub.Deliver("u-erin", "online", Set.of(acme, beta)), otherNode.receiveMessage());
    assertEquals(new PresenceHub.Deliver("u-erin", "dnd", Set.of(acme, beta)), otherNode.receiveMessage());
    otherNode.expectNoMessage(QUIET);
    // Both changes fell into one window: each member hears the latest, once.
    for (TestProbe<UserSession.Notice> member : members) {
      member.expectMessage(batch(new UserSession.PresenceChanged("u-erin", "dnd")));
      member.expectNoMessage(Duration.ZERO);
    }
  }

  @Test
  void theChangesOfOneWindowReachAConnectionAsOneBatchInTheOrderOfEachUsersLatestChange() {
    String acme = workspace();
    ActorRef<PresenceHub.Command> hub = hub();
    TestProbe<UserSession.Notice> alice = connection(hub, "u-alice", acme);
    TestProbe<UserSession.Notice> bob = connection(hub, "u-bob", acme);
    PresencePublisher publisher = new HubPresencePublisher(hub);

    publisher.publish("u-bob", "online", Set.of(acme));
    publisher.publish("u-carol", "online", Set.of(acme));
    publisher.publish("u-bob", "away", Set.of(acme));
    publisher.publish("u-dave", "dnd", Set.of(acme));

    alice.expectMessage(
        batch(
            new UserSession.PresenceChanged("u-carol", "online"),
            new UserSession.PresenceChanged("u-bob", "away"),
            new UserSession.PresenceChanged("u-dave", "dnd")));
    bob.expectMessage(batch(new UserSession.PresenceChanged("u-carol", "online"), new UserSession.PresenceChanged("u-dave", "dnd")));
    for (TestProbe<UserSession.Notice> member : List.of(alice, bob)) {
      member.expectNoMessage(QUIET);
    }
  }

  @Test
  void connectionsOnAnotherNodeHearThroughTheirOwnHub() {
    String acme = workspace();
    ActorRef<PresenceHub.Command> sessionsNode = hub();
    ActorRef<PresenceHub.Command> otherNode = hub();
    awaitHubs(2);
    TestProbe<UserSession.Notice> here = connection(sessionsNode, "u-alice", acme);
    TestProbe<UserSession.Notice> there = connection(otherNode, "u-bob", acme);
    TestProbe<UserSession.Notice> erinThere = connection(otherNode, "u-erin", acme);

    new HubPresencePublisher(sessionsNode).publish("u-erin", "online", Set.of(acme));

    UserSession.PresenceBatch online = batch(new UserSession.PresenceChanged("u-erin", "online"));
    here.expectMessage(online);
    there.expectMessage(online);
    for (TestProbe<UserSession.Notice> connection : List.of(here, there, erinThere)) {
      connection.expectNoMessage(QUIET);
    }
  }

  @Test
  void aConnectionHearsTheWorkspacesItAddsAndNothingOnceItUnsubscribed() {
    String acme = workspace();
    String joinedLater = workspace();
    ActorRef<PresenceHub.Command> hub = hub();
    TestProbe<UserSession.Notice> bob = connection(hub, "u-bob", acme);
    TestProbe<UserSession.Notice> carol = connection(hub, "u-carol", acme);
    PresencePublisher publisher = new HubPresencePublisher(hub);

    publisher.publish("u-erin", "online", Set.of(joinedLater));
    bob.expectNoMessage(WINDOW.plus(QUIET));
    hub.tell(new PresenceHub.Subscribe("u-bob", Set.of(joinedLater), bob.ref()));
    publisher.publish("u-frank", "away", Set.of(joinedLater));
    hub.tell(new PresenceHub.UnsubscribeAll(carol.ref()));
    publisher.publish("u-erin", "dnd", Set.of(acme, joinedLater));

    bob.expectMessage(batch(new UserSession.PresenceChanged("u-frank", "away"), new UserSession.PresenceChanged("u-erin", "dnd")));
    bob.expectNoMessage(QUIET);
    carol.expectNoMessage(QUIET);
  }

  @Test
  void whatCrossesNodesIsSerializedAsTheNodesOtherMessagesAre() throws NotSerializableException {
    Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());
    PresenceHub.Deliver deliver = new PresenceHub.Deliver("u-erin", "dnd", Set.of("w-1", "w-2"));
    Serializer serializer = serialization.findSerializerFor(deliver);
    byte[] bytes = serialization.serialize(deliver).get();

    assertEquals(serialization.serializerFor(CborSerializable.class).identifier(), serializer.identifier());
    assertEquals(deliver, serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, deliver)).get());
  }
}
