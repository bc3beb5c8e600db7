package dev.parley.node.channel;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Channel entity's message operations: edits, deletions, reactions, threads, topics, DMs,
 * typing and read receipts. The recent window holds only {@link #WINDOW} events, so older targets
 * come from the (fake) journal, as they do in production.
 */
class ChannelMessagesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final long NOW = CLOCK.millis();
  private static final int WINDOW = 4;
  private static final ChannelSettings SETTINGS =
      new ChannelSettings(
          1000, WINDOW, 4096, Duration.ofSeconds(20), new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  private static final String WS = "w-acme";
  private static final String ALICE = "u-alice";
  private static final String BOB = "u-bob";
  private static final String CAROL = "u-carol";
  private static final AtomicInteger CHANNELS = new AtomicInteger();

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("ChannelMessagesTest", EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** One channel under test with the journal it wrote, which the fake history reads back. */
  private static final class Room implements ChannelHistory {
    final String channelId = "c-" + CHANNELS.incrementAndGet();
    final Map<Long, ChannelEvent.Sequenced> journal = new ConcurrentHashMap<>();
    final List<String> reads = new CopyOnWriteArrayList<>();
    final MemoryKeys keys = new MemoryKeys();
    final EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Channel.create(channelId, SETTINGS, new OpeningHistory(this, keys), keys, CLOCK),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));

    Room(ChannelKind kind, List<String> members) {
      record(kit.<Outcome<Channel.Summary>>runCommand(
          replyTo -> new Channel.Create(WS, "general", kind, "", members.get(0), members, replyTo)).events());
    }

    @Override
    public CompletionStage<List<ChannelEvent.Sequenced>> read(String channelId, long fromSeq, long toSeq) {
      reads.add(fromSeq + ".." + toSeq);
      return CompletableFuture.completedFuture(
          LongStream.rangeClosed(fromSeq, toSeq).mapToObj(journal::get).filter(e -> e != null).toList());
    }

    void record(List<ChannelEvent> events) {
      events.stream()
          .filter(ChannelEvent.Sequenced.class::isInstance)
          .map(ChannelEvent.Sequenced.class::cast)
          .forEach(e -> journal.put(e.seq(), e));
    }

    <T> Outcome<T> run(Function<ActorRef<Outcome<T>>, Channel.Command> command) {
      var result = kit.<Outcome<T>>runCommand(command::apply);
      record(result.events());
      return result.reply();
    }

    Channel.Joined join(String userId) {
      return accepted(run(replyTo -> new Channel.Join(userId, replyTo)));
    }

    long post(String userId, String text) {
      return accepted(this.<Channel.Posted>run(
          replyTo -> new Channel.Post(userId, "m-" + text, text, null, List.of(), replyTo))).seq();
    }

    Outcome<Channel.Written> edit(String userId, long target, String text) {
      return run(replyTo -> new Channel.Edit(userId, target, text, replyTo));
    }

    Outcome<Channel.Written> delete(String userId, long target, boolean moderator) {
      return run(replyTo -> new Channel.Delete(userId, target, moderator, replyTo));
    }

    Outcome<Channel.Written> react(String userId, long target, String emoji, boolean add) {
      return run(replyTo -> new Channel.React(userId, target, emoji, add, replyTo));
    }

    Channel.EventsPage history() {
      return accepted(run(replyTo -> new Channel.ReadEvents(ALICE, 0, -1, 200, replyTo)));
    }
  }

  @Test
  void onlyTheAuthorEditsAndTheEditIsAChannelEvent() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    room.join(BOB);
    long seq = room.post(BOB, "helo");

    assertEquals(Outcome.Reason.FORBIDDEN, reason(room.edit(ALICE, seq, "not mine")));
    Channel.Written edited = accepted(room.edit(BOB, seq, "hello"));

    assertEquals(new ChannelEvent.MessageEdited(edited.seq(), seq, "hello", NOW, BOB), room.keys.asRead(room.journal.get(edited.seq())));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.edit(BOB, 1, "member.joined is no message")));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.edit(BOB, 99, "beyond the log")));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(room.edit(CAROL, seq, "not a member of the channel")));
  }

  @Test
  void aDeletedMessageKeepsItsPlaceButLosesItsTextInHistory() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    room.join(BOB);
    long seq = room.post(BOB, "secret");
    long edit = accepted(room.edit(BOB, seq, "secret, edited")).seq();

    assertEquals(Outcome.Reason.FORBIDDEN, reason(room.delete(ALICE, seq, false)), "not the author, not a moderator");
    long deleted = accepted(room.delete(ALICE, seq, true)).seq();

    Map<Long, ChannelEvent.Sequenced> bySeq = new HashMap<>();
    room.history().events().forEach(e -> bySeq.put(e.seq(), e));
    assertNull(((ChannelEvent.MessagePosted) bySeq.get(seq)).text());
    assertNull(((ChannelEvent.MessageEdited) bySeq.get(edit)).text());
    assertEquals(new ChannelEvent.MessageDeleted(deleted, seq, NOW, ALICE), bySeq.get(deleted));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.edit(BOB, seq, "again")));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.delete(BOB, seq, false)));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.react(BOB, seq, "+1", true)));
  }

  /**
   * A post keeps its files in its event; a delete answers with their ids, for the edge to remove,
   * also when the post is older than the recent window; history then shows the post without them.
   */
  @Test
  void aPostsFilesAreInItsEventAndItsDeleteNamesThemForRemoval() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    List<ChannelEvent.PostedFile> files =
        List.of(new ChannelEvent.PostedFile("f1", "a.png", 10, "image/png", true), new ChannelEvent.PostedFile("f2", "b.pdf", 20, "application/pdf", false));
    long seq =
        accepted(room.<Channel.Posted>run(replyTo -> new Channel.Post(ALICE, "m-files", "", null, List.of(), files, null, replyTo))).seq();
    assertEquals(files, ((ChannelEvent.MessagePosted) room.journal.get(seq)).files());
    for (int i = 0; i < WINDOW; i++) {
      room.post(ALICE, "later " + i);
    }
    assertEquals(List.of("f1", "f2"), accepted(room.delete(ALICE, seq, false)).files());
    ChannelEvent.MessagePosted shown =
        (ChannelEvent.MessagePosted) room.history().events().stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
    assertEquals(List.of(), shown.files(), "a deleted post shows no files");
    assertEquals(List.of(), accepted(room.delete(ALICE, room.post(ALICE, "plain"), false)).files());
  }

  @Test
  void aRepeatedReactionAddsNothingAndOnlyAPresentOneCanBeRemoved() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long seq = room.post(ALICE, "vote");

    long added = accepted(room.react(ALICE, seq, "+1", true)).seq();
    assertEquals(added, accepted(room.react(ALICE, seq, "+1", true)).seq());
    assertEquals(added, room.history().events().get(room.history().events().size() - 1).seq(), "no second event");

    long removed = accepted(room.react(ALICE, seq, "+1", false)).seq();
    assertEquals(new ChannelEvent.ReactionRemoved(removed, seq, "+1", ALICE, NOW), room.journal.get(removed));
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.react(ALICE, seq, "+1", false)));
  }

  @Test
  void aMessageOutsideTheRecentWindowIsReadFromTheJournalBeforeActingOnIt() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long old = room.post(ALICE, "old");
    for (int i = 0; i < WINDOW + 2; i++) {
      room.post(ALICE, "newer " + i);
    }

    Channel.Written edited = accepted(room.edit(ALICE, old, "old, edited"));

    assertEquals(List.of(old + ".." + old), room.reads);
    assertEquals(new ChannelEvent.MessageEdited(edited.seq(), old, "old, edited", NOW, ALICE), room.keys.asRead(room.journal.get(edited.seq())));
  }

  @Test
  void threadsHoldRepliesToTopLevelMessagesOnly() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long root = room.post(ALICE, "root");
    room.post(ALICE, "unrelated");
    long reply1 = accepted(room.<Channel.Posted>run(replyTo -> new Channel.Post(ALICE, "r1", "first", root, List.of(), replyTo))).seq();
    long reply2 = accepted(room.<Channel.Posted>run(replyTo -> new Channel.Post(ALICE, "r2", "second", root, List.of(), replyTo))).seq();

    Outcome<Channel.Posted> nested = room.run(replyTo -> new Channel.Post(ALICE, "r3", "nested", reply1, List.of(), replyTo));
    assertEquals(Outcome.Reason.BAD_REQUEST, reason(nested));

    Channel.EventsPage all = accepted(room.run(replyTo -> new Channel.ReadThread(ALICE, root, 0, 50, replyTo)));
    assertEquals(List.of(reply1, reply2), all.events().stream().map(ChannelEvent.Sequenced::seq).toList());
    Channel.EventsPage after = accepted(room.run(replyTo -> new Channel.ReadThread(ALICE, root, reply1, 50, replyTo)));
    assertEquals(List.of(reply2), after.events().stream().map(ChannelEvent.Sequenced::seq).toList());
    Channel.EventsPage first = accepted(room.run(replyTo -> new Channel.ReadThread(ALICE, root, 0, 1, replyTo)));
    assertTrue(first.hasMore());
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.<Channel.EventsPage>run(replyTo -> new Channel.ReadThread(ALICE, 1, 0, 50, replyTo))));
  }

  @Test
  void aDmHasFixedMembersAndIsTheSameChannelForEveryOpen() {
    Room dm = new Room(ChannelKind.DM, List.of(ALICE, BOB));

    Channel.Summary reopened =
        accepted(dm.run(replyTo -> new Channel.Create(WS, "general", ChannelKind.DM, "", BOB, List.of(BOB, ALICE), replyTo)));
    assertEquals(2, reopened.lastSeq());
    assertEquals(Outcome.Reason.NOT_FOUND, reason(dm.<Channel.Joined>run(replyTo -> new Channel.Join(CAROL, replyTo))));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(dm.<Channel.Joined>run(replyTo -> new Channel.Add(ALICE, CAROL, replyTo))));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(dm.<Channel.Left>run(replyTo -> new Channel.Leave(BOB, replyTo))));
    assertEquals(
        Outcome.Reason.CONFLICT,
        reason(dm.<Channel.Summary>run(replyTo -> new Channel.Create(WS, "general", ChannelKind.DM, "", BOB, List.of(BOB, CAROL), replyTo))));
  }

  @Test
  void aMemberAddsSomeoneToAPrivateChannel() {
    Room room = new Room(ChannelKind.PRIVATE, List.of(ALICE));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.<Channel.Joined>run(replyTo -> new Channel.Add(CAROL, BOB, replyTo))));
    Channel.Joined added = accepted(room.run(replyTo -> new Channel.Add(ALICE, BOB, replyTo)));

    assertEquals(new ChannelEvent.MemberJoined(added.seq(), BOB, NOW, ALICE), room.journal.get(added.seq()));
    assertEquals(added.seq(), accepted(room.<Channel.Joined>run(replyTo -> new Channel.Add(ALICE, BOB, replyTo))).seq());
  }

  @Test
  void theTopicIsAChannelEventAndPartOfTheSummary() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));

    long seq = accepted(room.<Channel.Written>run(replyTo -> new Channel.SetTopic(ALICE, "launch week", replyTo))).seq();

    assertEquals(new ChannelEvent.TopicChanged(seq, "launch week", ALICE, NOW), room.journal.get(seq));
    assertEquals("launch week", accepted(room.<Channel.Summary>run(replyTo -> new Channel.GetSummary(ALICE, replyTo))).topic());
    assertEquals(Outcome.Reason.FORBIDDEN, reason(room.<Channel.Written>run(replyTo -> new Channel.SetTopic(BOB, "no", replyTo))));
  }

  @Test
  void typingAndDmReceiptsGoToTheHubsAndReadSeqsAreClamped() {
    Room dm = new Room(ChannelKind.DM, List.of(ALICE, BOB));
    TestProbe<ChannelHub.Command> hub = testKit.createTestProbe(ChannelHub.Command.class);
    dm.kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    hub.expectMessageClass(ChannelHub.Subscribed.class);

    accepted(dm.<Acknowledged>run(replyTo -> new Channel.Typing(BOB, replyTo)));
    Channel.ReadUpTo read = accepted(dm.run(replyTo -> new Channel.MarkRead(ALICE, 99, replyTo)));

    hub.expectMessage(new ChannelHub.Relay(dm.channelId, new ChannelHub.TypingSignal(BOB)));
    hub.expectMessage(new ChannelHub.Relay(dm.channelId, new ChannelHub.ReceiptSignal(ALICE, 2)));
    assertEquals(new Channel.ReadUpTo(2, ChannelKind.DM), read);
    assertEquals(Outcome.Reason.NOT_FOUND, reason(dm.<Acknowledged>run(replyTo -> new Channel.Typing(CAROL, replyTo))));
    dm.kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    hub.expectMessageClass(ChannelHub.Subscribed.class); // the entity's messages arrive in order: no relay for carol came first
  }

  @Test
  void mentionedMembersOtherThanTheAuthorAreReturnedToCountAsUnread() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    room.join(BOB);

    Channel.Posted posted =
        accepted(room.run(replyTo -> new Channel.Post(ALICE, "m", "@bob @alice @carol", null, List.of(BOB, ALICE, CAROL), replyTo)));

    assertEquals(List.of(BOB), posted.mentionedMembers(), "carol is not in the channel; alice wrote it");
    assertEquals(List.of(BOB, ALICE, CAROL), ((ChannelEvent.MessagePosted) room.journal.get(posted.seq())).mentions());
  }

  // Erasure

  private static ChannelEvent.MessagePosted postAt(Channel.EventsPage page, long seq) {
    return (ChannelEvent.MessagePosted) page.events().stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
  }

  @Test
  void theJournalHoldsAPostAndItsEditOnlySealedAndMembersReadThemOpened() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long seq = room.post(ALICE, "the launch code");
    long edit = accepted(room.edit(ALICE, seq, "the launch code, edited")).seq();

    ChannelEvent.MessagePosted journaled = (ChannelEvent.MessagePosted) room.journal.get(seq);
    assertNull(journaled.text());
    assertNull(((ChannelEvent.MessageEdited) room.journal.get(edit)).text());
    assertTrue(room.keys.has(room.channelId, seq));
    assertEquals("the launch code", postAt(room.history(), seq).text());
    assertEquals(null, postAt(room.history(), seq).sealed(), "the sealed form stays on the server");
  }

  @Test
  void deletingAMessageDeletesItsKey() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long seq = room.post(ALICE, "regrettable");

    accepted(room.delete(ALICE, seq, false));

    assertFalse(room.keys.has(room.channelId, seq));
  }

  @Test
  void anAuthorsErasedKeysMakeTheirPostsReadAsDeletedAlsoAfterARestart() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    room.join(BOB);
    long bobs = room.post(BOB, "bob was here");
    long alices = room.post(ALICE, "alice too");

    room.keys.deleteAuthor(BOB);
    room.kit.runCommand(new Channel.ForgetKeys(BOB, 0));

    assertNull(postAt(room.history(), bobs).text());
    assertEquals(BOB, postAt(room.history(), bobs).author(), "history keeps who wrote it");
    assertEquals("alice too", postAt(room.history(), alices).text());
    room.kit.restart();
    assertNull(postAt(room.history(), bobs).text());
    assertEquals("alice too", postAt(room.history(), alices).text());
    assertEquals(Outcome.Reason.NOT_FOUND, reason(room.edit(BOB, bobs, "bob is back")));
  }

  @Test
  void aPostOutsideTheWindowIsEditedUnderItsKeyAfterARestart() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long old = room.post(ALICE, "old");
    for (int i = 0; i < WINDOW; i++) {
      room.post(ALICE, "filler " + i);
    }
    room.kit.restart();

    long edit = accepted(room.edit(ALICE, old, "old, edited")).seq();

    assertEquals(
        new ChannelEvent.MessageEdited(edit, old, "old, edited", NOW, ALICE), room.keys.asRead(room.journal.get(edit)));
  }

  @Test
  void aKeyWrittenLaterForTheSameSeqByAnotherWriterDoesNotTakeThePostsPlace() {
    Room room = new Room(ChannelKind.PUBLIC, List.of(ALICE));
    long seq = room.post(ALICE, "acknowledged");

    // A stale owner of the channel (cut off by a partition) decided its own post at the same seq.
    room.keys.stage(List.of(MessageSeal.newKey(room.channelId, seq, BOB, NOW, List.of())));
    room.kit.restart();

    assertEquals("acknowledged", postAt(room.history(), seq).text());
    assertEquals(
        new ChannelEvent.MessageEdited(seq + 1, seq, "still mine", NOW, ALICE),
        room.keys.asRead(room.journal.get(accepted(room.edit(ALICE, seq, "still mine")).seq())));
  }
}
