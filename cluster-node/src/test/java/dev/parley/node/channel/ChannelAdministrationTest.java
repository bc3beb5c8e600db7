package dev.parley.node.channel;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Channel's commands of workspace owners and admins: removing a member (a DM's too),
 * archiving (every write refused, reading and membership as before) and unarchiving, deleting
 * (the channel answers nothing more but a repeated delete, also after a restart).
 */
class ChannelAdministrationTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final long NOW = CLOCK.millis();
  private static final ChannelSettings SETTINGS =
      new ChannelSettings(3, 200, 4096, Duration.ofSeconds(20), new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  private static final String ADMIN = "u-admin";
  private static final String ALICE = "u-alice";
  private static final String BOB = "u-bob";
  private static final AtomicInteger CHANNELS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("ChannelAdministrationTest", EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> channel(ChannelKind kind) {
    ChannelHistory none = (channelId, from, to) -> CompletableFuture.completedFuture(List.of());
    var kit =
        EventSourcedBehaviorTestKit.<Channel.Command, ChannelEvent, ChannelState>create(
            testKit.system(),
            Channel.create("c-" + CHANNELS.incrementAndGet(), SETTINGS, none, new MemoryKeys(), CLOCK),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
    accepted(
        kit.<Outcome<Channel.Summary>>runCommand(
                replyTo -> new Channel.Create("w-acme", "general", kind, "", ALICE, List.of(ALICE, BOB), replyTo))
            .reply());
    return kit;
  }

  private static long post(EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit, String text) {
    return accepted(
            kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m-" + text, text, null, List.of(), replyTo))
                .reply())
        .seq();
  }

  @Test
  void aRemovedMembersLeaveIsInTheLogAndARepeatIsAcknowledgedWithoutOne() {
    var kit = channel(ChannelKind.DM);
    var removed = kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Remove(BOB, replyTo));
    assertEquals(List.of(new ChannelEvent.MemberLeft(3, BOB, NOW)), removed.events());
    var again = kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Remove(BOB, replyTo));
    assertTrue(again.hasNoEvents());
    assertEquals(3, accepted(again.reply()).seq());
    var read = kit.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(BOB, -1, -1, 10, replyTo));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(read.reply()), "a DM it is no longer in is hidden");
  }

  @Test
  void anArchivedChannelRefusesEveryWriteButIsReadAndJoinedAsBefore() {
    var kit = channel(ChannelKind.PUBLIC);
    long seq = post(kit, "before");
    var archived = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.SetArchived(ADMIN, true, replyTo));
    assertEquals(List.of(new ChannelEvent.ArchiveChanged(seq + 1, true, ADMIN, NOW)), archived.events());

    List<Outcome<?>> writes =
        List.of(
            kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m2", "after", null, List.of(), replyTo)).reply(),
            kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.Edit(ALICE, seq, "changed", replyTo)).reply(),
            kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.Delete(ALICE, seq, true, replyTo)).reply(),
            kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.React(BOB, seq, ":+1:", true, replyTo)).reply(),
            kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.SetTopic(BOB, "new", replyTo)).reply());
    for (Outcome<?> write : writes) {
      assertEquals(Outcome.Reason.FORBIDDEN, reason(write), write.toString());
      assertTrue(((Outcome.Rejected<?>) write).message().contains("archived"));
    }
    var outsider = kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post("u-carol", "m3", "hi", null, List.of(), replyTo));
    assertEquals("join the channel to post", ((Outcome.Rejected<?>) outsider.reply()).message(), "non-members hear the usual refusal");
    accepted(kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join("u-carol", replyTo)).reply());
    var read = kit.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(BOB, -1, -1, 10, replyTo));
    assertEquals(seq + 2, accepted(read.reply()).events().size());

    kit.restart();
    var unarchived = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.SetArchived(ADMIN, false, replyTo));
    assertEquals(List.of(new ChannelEvent.ArchiveChanged(seq + 3, false, ADMIN, NOW)), unarchived.events());
    post(kit, "writable again");
    var again = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.SetArchived(ADMIN, false, replyTo));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void aDeletedChannelAnswersNothingButARepeatedDeleteAlsoAfterARestart() {
    var kit = channel(ChannelKind.PRIVATE);
    post(kit, "gone soon");
    TestProbe<ChannelHub.Command> hub = testKit.createTestProbe();
    kit.runCommand(new Channel.SubscribeHub(hub.getRef()));
    hub.expectMessageClass(ChannelHub.Subscribed.class);

    var deleted = kit.<Outcome<Channel.Closed>>runCommand(replyTo -> new Channel.Close(ADMIN, replyTo));
    Channel.Closed closed = accepted(deleted.reply());
    assertEquals(4, closed.seq());
    assertEquals(Set.of(ALICE, BOB), Set.copyOf(closed.members()));
    assertEquals(new ChannelEvent.ChannelDeleted(4, ADMIN, NOW), hub.expectMessageClass(ChannelHub.Deliver.class).event());

    kit.restart();
    assertInstanceOf(ChannelState.Deleted.class, kit.getState());
    var read = kit.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(ALICE, -1, -1, 10, replyTo));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(read.reply()));
    var summary = kit.<Outcome<Channel.Summary>>runCommand(replyTo -> new Channel.GetSummary(ALICE, replyTo));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(summary.reply()));
    var create =
        kit.<Outcome<Channel.Summary>>runCommand(
            replyTo -> new Channel.Create("w-acme", "general", ChannelKind.PRIVATE, "", ALICE, List.of(ALICE), replyTo));
    assertEquals(Outcome.Reason.CONFLICT, reason(create.reply()));
    var repeat = kit.<Outcome<Channel.Closed>>runCommand(replyTo -> new Channel.Close(ADMIN, replyTo));
    assertTrue(repeat.hasNoEvents());
    assertEquals(closed, accepted(repeat.reply()));
  }

  @Test
  void aRenamedChannelShowsItsNewNameAlsoAfterARestart() {
    var kit = channel(ChannelKind.PUBLIC);
    var renamed = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.Rename(ADMIN, "town-hall", replyTo));
    assertEquals(List.of(new ChannelEvent.ChannelRenamed(3, "town-hall", ADMIN, NOW)), renamed.events());
    var again = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.Rename(ADMIN, "town-hall", replyTo));
    assertTrue(again.hasNoEvents());
    kit.restart();
    var summary = kit.<Outcome<Channel.Summary>>runCommand(replyTo -> new Channel.GetSummary(ALICE, replyTo));
    assertEquals("town-hall", accepted(summary.reply()).name());
  }

  @Test
  void aDmIsNeitherArchivedRenamedNorDeleted() {
    var kit = channel(ChannelKind.DM);
    var archive = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.SetArchived(ADMIN, true, replyTo));
    var rename = kit.<Outcome<Channel.Written>>runCommand(replyTo -> new Channel.Rename(ADMIN, "ours", replyTo));
    var delete = kit.<Outcome<Channel.Closed>>runCommand(replyTo -> new Channel.Close(ADMIN, replyTo));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(archive.reply()));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(rename.reply()));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(delete.reply()));
    assertTrue(archive.hasNoEvents());
    assertTrue(rename.hasNoEvents());
    assertTrue(delete.hasNoEvents());
  }
}
