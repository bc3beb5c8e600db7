package dev.parley.node.session;

import static dev.parley.node.testing.Outcomes.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import dev.parley.node.workspace.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UserSession entity: the user's index of memberships, and notices to attached connections. */
class UserSessionTest {
  private static final long START = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final PersistFailureBackoff BACKOFF =
      new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final Duration ATTACHMENT_TTL = Duration.ofSeconds(20);

  private static final UserSession.WorkspaceMembership ACME =
      new UserSession.WorkspaceMembership("w-acme", "Acme", Role.MEMBER);
  private static final UserSession.ChannelMembership GENERAL =
      new UserSession.ChannelMembership("c-general", "w-acme", "general", ChannelKind.PUBLIC);
  private static final UserSession.ChannelMembership LEADS =
      new UserSession.ChannelMembership("c-leads", "w-acme", "leads", ChannelKind.PRIVATE);

  private static ActorTestKit testKit;
  private static ManualClock clock;
  private static EventSourcedBehaviorTestKit<UserSession.Command, UserSession.Event, UserSession.State> kit;

  @BeforeAll
  static void startTestKit() {
    Config config = EntityTestConfig.config();
    testKit = ActorTestKit.create("UserSessionTest", config);
    clock = new ManualClock(START);
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            UserSession.create("u-alice", new UserSession.Settings(100, ATTACHMENT_TTL, ATTACHMENT_TTL, 20, BACKOFF), (userId, status, workspaces) -> {}, clock),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    clock.set(START);
    kit.clear();
  }

  // Memberships

  @Test
  void recordWorkspaceAddsTheMembership() {
    var result =
        kit.<Outcome<Acknowledged>>runCommand(
            replyTo -> new UserSession.RecordWorkspace("w-acme", "Acme", Role.MEMBER, replyTo));

    assertEquals(Outcome.accepted(Acknowledged.INSTANCE), result.reply());
    assertEquals(List.of(new UserSession.WorkspaceRecorded(ACME)), result.events());
    assertEquals(Map.of("w-acme", ACME), result.state().workspaces());
  }

  @Test
  void repeatedRecordWorkspaceIsNotANewEvent() {
    recordWorkspace(Role.MEMBER);

    var again =
        kit.<Outcome<Acknowledged>>runCommand(
            replyTo -> new UserSession.RecordWorkspace("w-acme", "Acme", Role.MEMBER, replyTo));

    assertEquals(Outcome.accepted(Acknowledged.INSTANCE), again.reply());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void recordWorkspaceWithANewRoleUpdatesIt() {
    recordWorkspace(Role.MEMBER);

    var promoted =
        kit.<Outcome<Acknowledged>>runCommand(
            replyTo -> new UserSession.RecordWorkspace("w-acme", "Acme", Role.ADMIN, replyTo));

    assertEquals(
        List.of(new UserSession.WorkspaceRecorded(new UserSession.WorkspaceMembership("w-acme", "Acme", Role.ADMIN))),
        promoted.events());
    assertEquals(Role.ADMIN, promoted.state().workspaces().get("w-acme").role());
  }

  @Test
  void recordChannelAddsTheMembership() {
    var result =
        kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.RecordChannel(GENERAL, 4, replyTo));

    assertEquals(Outcome.accepted(Acknowledged.INSTANCE), result.reply());
    assertEquals(List.of(new UserSession.ChannelRecorded(GENERAL)), result.events());
    assertEquals(Map.of("c-general", GENERAL), result.state().channels());
  }

  @Test
  void repeatedRecordChannelIsNotANewEvent() {
    recordChannel(GENERAL, 4);

    var again =
        kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.RecordChannel(GENERAL, 4, replyTo));

    assertEquals(Outcome.accepted(Acknowledged.INSTANCE), again.reply());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void forgetChannelRemovesTheMembership() {
    recordChannel(GENERAL, 4);
    recordChannel(LEADS, 1);

    var result = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.ForgetChannel("c-general", replyTo));

    assertEquals(Outcome.accepted(Acknowledged.INSTANCE), result.reply());
    assertEquals(List.of(new UserSession.ChannelForgotten("c-general")), result.events());
    assertEquals(Map.of("c-leads", LEADS), result.state().channels());
    assertFalse(result.state().readSeqs().containsKey("c-general"));
  }

  @Test
  void forgetOfAnUnknownChannelIsAcknowledgedWithoutAnEvent() {
    var result = kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.ForgetChannel("c-nope", replyTo));

    assertEquals(Outcome.accepted(Acknowledged.INSTANCE), result.reply());
    assertTrue(result.hasNoEvents());
  }

  // Connections

  @Test
  void attachAnswersWithTheMemberships() {
    recordWorkspace(Role.MEMBER);
    recordChannel(GENERAL, 4);
    TestProbe<UserSession.Notice> connection = testKit.createTestProbe();

    var result =
        kit.<Outcome<UserSession.State>>runCommand(replyTo -> new UserSession.Attach(connection.ref(), replyTo));

    UserSession.State state = accepted(result.reply());
    assertEquals(Map.of("w-acme", ACME), state.workspaces());
    assertEquals(Map.of("c-general", GENERAL), state.channels());
    assertEquals(kit.getState(), state);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void attachedConnectionHearsOfAddedAndRemovedChannels() {
    TestProbe<UserSession.Notice> connection = attach();

    recordChannel(GENERAL, 7);
    recordChannel(GENERAL, 7); // repeated: nothing to hear
    forgetChannel("c-general");

    connection.expectMessage(new UserSession.ChannelAdded(GENERAL, 7));
    connection.expectMessage(new UserSession.ChannelRemoved("c-general"));
  }

  @Test
  void detachedConnectionHearsNothing() {
    TestProbe<UserSession.Notice> stays = attach();
    TestProbe<UserSession.Notice> leaves = attach();

    kit.runCommand(new UserSession.Detach(leaves.ref()));
    recordChannel(GENERAL, 7);
    stays.expectMessage(new UserSession.ChannelAdded(GENERAL, 7));

    // Messages from one sender arrive in order: after attaching again, the first notice this
    // connection gets must be the next one, not the ChannelAdded it was not to hear.
    attach(leaves);
    forgetChannel("c-general");
    leaves.expectMessage(new UserSession.ChannelRemoved("c-general"));
  }

  @Test
  void connectionThatDidNotRenewWithinTheTtlHearsNothing() {
    TestProbe<UserSession.Notice> stale = attach();
    TestProbe<UserSession.Notice> renewing = attach();

    clock.advance(Duration.ofSeconds(15));
    var keepAttached = kit.runCommand(new UserSession.KeepAttached(renewing.ref()));
    assertTrue(keepAttached.hasNoEvents());
    clock.advance(Duration.ofSeconds(10)); // 25 s since the stale one attached, TTL 20 s
    recordChannel(GENERAL, 7);
    renewing.expectMessage(new UserSession.ChannelAdded(GENERAL, 7));

    attach(stale);
    forgetChannel("c-general");
    stale.expectMessage(new UserSession.ChannelRemoved("c-general"));
  }

  @Test
  void keepAttachedReattachesAConnectionTheRestartedEntityForgotAndTellsItEveryChannel() {
    recordChannel(LEADS, 3);
    TestProbe<UserSession.Notice> connection = attach();
    kit.restart(); // connections are soft state: gone

    kit.runCommand(new UserSession.KeepAttached(connection.ref()));
    kit.runCommand(new UserSession.KeepAttached(connection.ref())); // known again: nothing to resend
    recordChannel(GENERAL, 7);

    connection.expectMessage(new UserSession.Reattached(Map.of("c-leads", LEADS), Map.of()));
    connection.expectMessage(new UserSession.ChannelAdded(GENERAL, 7));
  }

  // Recovery

  @Test
  void restartKeepsTheMemberships() {
    recordWorkspace(Role.OWNER);
    recordChannel(GENERAL, 4);
    recordChannel(LEADS, 9);
    forgetChannel("c-general");
    UserSession.State before = kit.getState();

    UserSession.State after = kit.restart().state();

    assertEquals(before, after);
    assertEquals(Map.of("c-leads", LEADS), after.channels());
    assertEquals(Role.OWNER, after.workspaces().get("w-acme").role());
  }

  @Test
  void noticesAndRepliesSerialize() {
    var serialization = testKit.serializationTestKit();
    List<Object> messages =
        List.of(
            new UserSession.ChannelAdded(LEADS, 3),
            new UserSession.ChannelRemoved("c-leads"),
            Outcome.accepted(Acknowledged.INSTANCE),
            Outcome.accepted(
                new UserSession.State(Map.of("w-acme", ACME), Map.of("c-leads", LEADS), Map.of("c-leads", 5L), Map.of(), "online", false)));
    for (Object message : messages) {
      serialization.verifySerialization(message, true);
    }
  }

  // Helpers

  private static void recordWorkspace(Role role) {
    var result =
        kit.<Outcome<Acknowledged>>runCommand(
            replyTo -> new UserSession.RecordWorkspace("w-acme", "Acme", role, replyTo));
    accepted(result.reply());
  }

  private static void recordChannel(UserSession.ChannelMembership channel, long joinedSeq) {
    accepted(
        kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.RecordChannel(channel, joinedSeq, replyTo))
            .reply());
  }

  private static void forgetChannel(String channelId) {
    accepted(kit.<Outcome<Acknowledged>>runCommand(replyTo -> new UserSession.ForgetChannel(channelId, replyTo)).reply());
  }

  private static TestProbe<UserSession.Notice> attach() {
    TestProbe<UserSession.Notice> connection = testKit.createTestProbe();
    attach(connection);
    return connection;
  }

  private static void attach(TestProbe<UserSession.Notice> connection) {
    accepted(
        kit.<Outcome<UserSession.State>>runCommand(replyTo -> new UserSession.Attach(connection.ref(), replyTo))
            .reply());
  }

}
