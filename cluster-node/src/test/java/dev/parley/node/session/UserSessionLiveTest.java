package dev.parley.node.session;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import dev.parley.node.workspace.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's read markers, unread mentions, presence and call signals. Each test has its own user. */
class UserSessionLiveTest {
  private static final Duration ATTACHMENT_TTL = Duration.ofSeconds(20);
  private static final int MAX_CONNECTIONS = 3;
  private static final UserSession.Settings SETTINGS =
      new UserSession.Settings(100, ATTACHMENT_TTL, Duration.ofMillis(50), MAX_CONNECTIONS, new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  private static final UserSession.WorkspaceMembership ACME = new UserSession.WorkspaceMembership("w-acme", "Acme", Role.MEMBER);
  private static final UserSession.ChannelMembership DM =
      new UserSession.ChannelMembership("d-1", "w-acme", "alice,bob", ChannelKind.DM);
  private static final AtomicInteger USERS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("UserSessionLiveTest", EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** One user's session, with what it published of its presence ("status in [workspaces]"). */
  private static final class User {
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z").toEpochMilli());
    final BlockingQueue<String> published = new LinkedBlockingQueue<>();
    final EventSourcedBehaviorTestKit<UserSession.Command, UserSession.Event, UserSession.State> kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            UserSession.create(
                "u-" + USERS.incrementAndGet(),
                SETTINGS,
                (userId, status, workspaces) -> published.add(status + " in " + workspaces),
                clock),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));

    User() {
      kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.RecordWorkspace("w-acme", "Acme", Role.MEMBER, replyTo));
      kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.RecordChannel(DM, 1, replyTo));
    }

    TestProbe<UserSession.Notice> attach() {
      TestProbe<UserSession.Notice> connection = testKit.createTestProbe();
      kit.<Outcome<UserSession.State>>runCommand(replyTo -> new UserSession.Attach(connection.ref(), replyTo));
      return connection;
    }

    void read(long seq, TestProbe<UserSession.Notice> origin) {
      kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.MarkRead("d-1", seq, origin == null ? null : origin.ref(), replyTo));
    }

    String nextPublished() throws InterruptedException {
      String next = published.poll(5, TimeUnit.SECONDS);
      return next == null ? "nothing" : next;
    }
  }

  @Test
  void readMarkersOnlyMoveForwardAndReachTheUsersOtherConnections() {
    User user = new User();
    TestProbe<UserSession.Notice> phone = user.attach();
    TestProbe<UserSession.Notice> laptop = user.attach();

    user.read(5, laptop);
    user.read(3, laptop); // behind the marker: nothing changes

    phone.expectMessage(new UserSession.ReadUpdated("d-1", 5));
    assertEquals(5, user.kit.getState().readSeq("d-1"));
    // Notices from one sender arrive in order: the laptop's first notice is the one after its own reads.
    user.kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.RecordChannel(new UserSession.ChannelMembership("c-2", "w-acme", "x", ChannelKind.PUBLIC), 1, replyTo));
    laptop.expectMessageClass(UserSession.ChannelAdded.class);
  }

  @Test
  void mentionsCountUntilReadAndSurviveARestart() {
    User user = new User();
    user.kit.runCommand(new UserSession.RecordMention("d-1", 4));
    user.kit.runCommand(new UserSession.RecordMention("d-1", 7));
    user.kit.runCommand(new UserSession.RecordMention("d-1", 7)); // repeated: counted once

    assertEquals(2, user.kit.restart().state().mentionCount("d-1"));
    user.read(5, null);
    assertEquals(1, user.kit.getState().mentionCount("d-1"));
    user.kit.runCommand(new UserSession.RecordMention("d-1", 2)); // already read
    assertEquals(1, user.kit.getState().mentionCount("d-1"));
  }

  @Test
  void presenceFollowsLiveConnectionsAndTheChosenStatus() throws InterruptedException {
    User user = new User();
    TestProbe<UserSession.Notice> connection = user.attach();
    assertEquals("online in [w-acme]", user.nextPublished());

    user.kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.SetPresence("dnd", replyTo));
    assertEquals("dnd in [w-acme]", user.nextPublished());
    TestProbe<UserSession.Notice> second = user.attach(); // still dnd: nothing to tell

    user.kit.runCommand(new UserSession.Detach(connection.ref()));
    user.kit.runCommand(new UserSession.Detach(second.ref()));
    assertEquals("offline in [w-acme]", user.nextPublished());
    assertEquals(
        new UserSession.Presence("offline"),
        accepted(user.kit.<Outcome<UserSession.Presence>>runCommand(UserSession.GetPresence::new).reply()));
  }

  @Test
  void aConnectionWhoseNodeDiedStopsCountingAsOnline() throws InterruptedException {
    User user = new User();
    user.attach();
    assertEquals("online in [w-acme]", user.nextPublished());

    user.clock.advance(ATTACHMENT_TTL.plusSeconds(1)); // no renewal: the connection's node is gone
    assertEquals("offline in [w-acme]", user.nextPublished(), "the purge timer notices without any message");
  }

  @Test
  void oneConnectionTooManyIsRefusedUntilAnotherCloses() {
    User user = new User();
    List<TestProbe<UserSession.Notice>> open = List.of(user.attach(), user.attach(), user.attach());
    TestProbe<UserSession.Notice> extra = testKit.createTestProbe();

    var refused = user.kit.<Outcome<UserSession.State>>runCommand(replyTo -> new UserSession.Attach(extra.ref(), replyTo));
    user.kit.runCommand(new UserSession.Detach(open.get(0).ref()));
    var admitted = user.kit.<Outcome<UserSession.State>>runCommand(replyTo -> new UserSession.Attach(extra.ref(), replyTo));

    assertEquals(Outcome.Reason.TOO_MANY, reason(refused.reply()));
    accepted(admitted.reply());
  }

  @Test
  void callSignalsReachEveryConnectionButOnlyFromSomeoneWhoSharesAWorkspace() {
    User user = new User();
    TestProbe<UserSession.Notice> phone = user.attach();
    TestProbe<UserSession.Notice> laptop = user.attach();

    Outcome<Acknowledged> stranger =
        user.kit.<Outcome<Acknowledged>>runCommand(
            replyTo -> new UserSession.Signal("u-x", Set.of("w-other"), "call-1", "offer", "{}", replyTo)).reply();
    Outcome<Acknowledged> colleague =
        user.kit.<Outcome<Acknowledged>>runCommand(
            replyTo -> new UserSession.Signal("u-bob", Set.of("w-acme"), "call-1", "offer", "{\"sdp\":\"v=0\"}", replyTo)).reply();

    assertEquals(Outcome.Reason.NOT_FOUND, reason(stranger));
    accepted(colleague);
    UserSession.CallSignalled expected = new UserSession.CallSignalled("u-bob", "call-1", "offer", "{\"sdp\":\"v=0\"}");
    for (TestProbe<UserSession.Notice> connection : List.of(phone, laptop)) {
      connection.expectMessage(expected);
    }
  }
}
