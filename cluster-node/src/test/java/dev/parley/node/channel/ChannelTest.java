package dev.parley.node.channel;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.logging.LogContext;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The Channel entity: membership, the gap-free log, history reads, snapshots and hub fan-out. */
class ChannelTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final long NOW = CLOCK.millis();
  private static final PersistFailureBackoff BACKOFF =
      new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final ChannelSettings SETTINGS =
      new ChannelSettings(1000, 200, 4096, Duration.ofSeconds(20), BACKOFF);

  private static final String CHANNEL = "c-main";
  private static final String WS = "w-acme";
  private static final String NAME = "general";
  private static final String TOPIC = "all things";
  private static final String ALICE = "u-alice";
  private static final String BOB = "u-bob";
  private static final String CAROL = "u-carol";

  private static final AtomicInteger KITS = new AtomicInteger();

  private static ActorTestKit testKit;
  private static final MemoryKeys KEYS = new MemoryKeys();
  /** Every journal read of the shared kit fails, so a read outside the window shows as UNAVAILABLE. */
  private static RecordingHistory mainHistory;

  private static EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit;

  static Config entityTestConfig() {
    return EntityTestConfig.config();
  }

  @BeforeAll
  static void startTestKit() {
    Config config = entityTestConfig();
    assertEquals("jackson-cbor", config.getString("pekko.actor.serialization-bindings.\"dev.parley.node.CborSerializable\""));
    assertFalse(config.getBoolean("pekko.actor.allow-java-serialization"));
    testKit = ActorTestKit.create("ChannelTest", config);
    mainHistory = new RecordingHistory(true);
    kit = newKit(CHANNEL, SETTINGS, mainHistory, CLOCK);
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
    mainHistory.reads.clear();
  }

  private static EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> newKit(
      String channelId, ChannelSettings settings, ChannelHistory history, Clock clock) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        Channel.create(channelId, settings, new OpeningHistory(history, KEYS), KEYS, clock),
        EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  /** A kit for one test with its own settings: a channel id of its own, so no clear() is needed. */
  private static String freshChannelId() {
    return "c-" + KITS.incrementAndGet();
  }

  // Creation

  @Test
  void createMakesCreatorTheMemberAtSeqOne() {
    var result =
        kit.<Outcome<Channel.Summary>>runCommand(
            replyTo -> new Channel.Create(WS, NAME, ChannelKind.PUBLIC, TOPIC, ALICE, List.of(ALICE), replyTo));

    assertEquals(
        new Channel.Summary(CHANNEL, WS, NAME, ChannelKind.PUBLIC, TOPIC, 1, true, false, 1), accepted(result.reply()));
    assertEquals(
        List.of(
            new ChannelEvent.Created(CHANNEL, WS, NAME, ChannelKind.PUBLIC, TOPIC, ALICE, NOW),
            new ChannelEvent.MemberJoined(1, ALICE, NOW)),
        result.events());
    ChannelState.Active state = result.stateOfType(ChannelState.Active.class);
    assertEquals(Map.of(ALICE, 1L), state.members());
    assertEquals(1, state.lastSeq());
    assertEquals(List.of(new ChannelEvent.MemberJoined(1, ALICE, NOW)), state.recent().range(1, 1));
  }

  @Test
  void repeatedCreateWithTheSameRequestIsAnsweredLikeTheFirstWithoutNewEvents() {
    Channel.Summary first = create(kit, ChannelKind.PUBLIC);

    var again =
        kit.<Outcome<Channel.Summary>>runCommand(
            replyTo -> new Channel.Create(WS, NAME, ChannelKind.PUBLIC, TOPIC, ALICE, List.of(ALICE), replyTo));

    assertEquals(first, accepted(again.reply()));
    assertTrue(again.hasNoEvents());
  }

  @Test
  void createOfAnExistingChannelByAnotherRequestIsAConflict() {
    create(kit, ChannelKind.PUBLIC);

    var otherCreator =
        kit.<Outcome<Channel.Summary>>runCommand(
            replyTo -> new Channel.Create(WS, NAME, ChannelKind.PUBLIC, TOPIC, BOB, List.of(BOB), replyTo));
    var otherName =
        kit.<Outcome<Channel.Summary>>runCommand(
            replyTo -> new Channel.Create(WS, "random", ChannelKind.PUBLIC, TOPIC, ALICE, List.of(ALICE), replyTo));
    var otherWorkspace =
        kit.<Outcome<Channel.Summary>>runCommand(
            replyTo -> new Channel.Create("w-other", NAME, ChannelKind.PUBLIC, TOPIC, ALICE, List.of(ALICE), replyTo));

    assertEquals(Outcome.Reason.CONFLICT, reason(otherCreator.reply()));
    assertEquals(Outcome.Reason.CONFLICT, reason(otherName.reply()));
    assertEquals(Outcome.Reason.CONFLICT, reason(otherWorkspace.reply()));
    assertTrue(otherCreator.hasNoEvents() && otherName.hasNoEvents() && otherWorkspace.hasNoEvents());
  }

  @Test
  void everythingButCreateIsNotFoundBeforeTheChannelExists() {
    var join = kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(ALICE, replyTo));
    var leave = kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Leave(ALICE, replyTo));
    var post = kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m1", "hi", null, List.of(), replyTo));
    var summary = kit.<Outcome<Channel.Summary>>runCommand(replyTo -> new Channel.GetSummary(ALICE, replyTo));
    var read =
        kit.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(ALICE, -1, -1, 10, replyTo));

    for (var result : List.of(join, leave, post, summary, read)) {
      assertEquals(Outcome.Reason.NOT_FOUND, reason((Outcome<?>) result.reply()));
      assertTrue(result.hasNoEvents());
    }
    assertInstanceOf(ChannelState.Empty.class, kit.getState());
  }

  // Summary

  @Test
  void summaryOfAPublicChannelIsVisibleToNonMembers() {
    create(kit, ChannelKind.PUBLIC);

    var summary = kit.<Outcome<Channel.Summary>>runCommand(replyTo -> new Channel.GetSummary(BOB, replyTo));

    assertEquals(new Channel.Summary(CHANNEL, WS, NAME, ChannelKind.PUBLIC, TOPIC, 1, false, false, 1), accepted(summary.reply()));
  }

  @ParameterizedTest
  @EnumSource(value = ChannelKind.class, names = {"PRIVATE", "DM"})
  void summaryOfANonPublicChannelIsNotFoundForNonMembers(ChannelKind kind) {
    create(kit, kind);

    var summary = kit.<Outcome<Channel.Summary>>runCommand(replyTo -> new Channel.GetSummary(BOB, replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(summary.reply()));
  }

  // Join and leave

  @Test
  void joinOfAPublicChannelAppendsMemberJoined() {
    create(kit, ChannelKind.PUBLIC);

    var result = kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(BOB, replyTo));

    assertEquals(
        new Channel.Joined(new Channel.Summary(CHANNEL, WS, NAME, ChannelKind.PUBLIC, TOPIC, 2, true, false, 2), 2, true),
        accepted(result.reply()));
    assertEquals(List.of(new ChannelEvent.MemberJoined(2, BOB, NOW)), result.events());
    assertTrue(result.stateOfType(ChannelState.Active.class).members().containsKey(BOB));
  }

  @Test
  void repeatedJoinIsNotANewEvent() {
    create(kit, ChannelKind.PUBLIC);
    join(kit, BOB);

    var again = kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(BOB, replyTo));

    Channel.Joined joined = accepted(again.reply());
    assertFalse(joined.newlyJoined());
    assertTrue(joined.channel().member());
    assertEquals(2, joined.channel().lastSeq());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void repeatedJoinAnswersWithTheSeqOfTheOriginalMemberJoined() {
    create(kit, ChannelKind.PUBLIC);
    join(kit, BOB); // member.joined at seq 2
    post(kit, ALICE, "m1", "after bob joined"); // seq 3

    var again = kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(BOB, replyTo));

    // Joined's contract: "seq is the member.joined event's seq". The edge passes it on as
    // RecordChannel.joinedSeq, and connections follow the channel from joinedSeq - 1: with
    // seq = lastSeq (3) a retried join makes them skip the member.joined event (2).
    assertEquals(2, accepted(again.reply()).seq());
  }

  @ParameterizedTest
  @EnumSource(value = ChannelKind.class, names = {"PRIVATE", "DM"})
  void joinOfANonPublicChannelByANonMemberIsNotFound(ChannelKind kind) {
    create(kit, kind);

    var result = kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(BOB, replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void leaveAppendsMemberLeftAndEndsMembership() {
    create(kit, ChannelKind.PUBLIC);
    join(kit, BOB);

    var result = kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Leave(BOB, replyTo));

    assertEquals(new Channel.Left(3), accepted(result.reply()));
    assertEquals(List.of(new ChannelEvent.MemberLeft(3, BOB, NOW)), result.events());
    assertFalse(result.stateOfType(ChannelState.Active.class).members().containsKey(BOB));
    assertEquals(Outcome.Reason.FORBIDDEN, reason(post(kit, BOB, "m1", "still here?")));
  }

  @Test
  void leaveByANonMemberOfAPublicChannelIsAcceptedWithoutAnEvent() {
    create(kit, ChannelKind.PUBLIC);

    var result = kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Leave(BOB, replyTo));

    assertEquals(new Channel.Left(1), accepted(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void leaveByANonMemberOfAPrivateChannelIsNotFound() {
    create(kit, ChannelKind.PRIVATE);

    var result = kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Leave(BOB, replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  // Posting

  @Test
  void postByAMemberGetsTheNextSeq() {
    create(kit, ChannelKind.PUBLIC);

    var result =
        kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m1", "hello", null, List.of(), replyTo));

    assertEquals(new Channel.Posted(2, NOW, false, List.of()), accepted(result.reply()));
    assertEquals(List.of(new ChannelEvent.MessagePosted(2, ALICE, "hello", NOW, "m1", null, List.of())), KEYS.asRead(result.events()));
    assertEquals(2, result.stateOfType(ChannelState.Active.class).lastSeq());
  }

  @Test
  void aRetriedPostNamesItsMentionedMembersAgainSoTheirMentionsAreRecordedEvenIfTheFirstAttemptsWereLost() {
    create(kit, ChannelKind.PUBLIC);
    kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(BOB, replyTo));
    kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m1", "hi @bob", null, List.of(BOB), replyTo));

    var retry =
        kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m1", "hi @bob", null, List.of(BOB), replyTo));

    assertEquals(new Channel.Posted(3, NOW, true, List.of(BOB)), accepted(retry.reply()));
    assertTrue(retry.hasNoEvents());
  }

  @Test
  void repeatedPostWithTheSameClientMsgIdReturnsTheFirstResultAsDuplicate() {
    create(kit, ChannelKind.PUBLIC);
    post(kit, ALICE, "m1", "hello");
    post(kit, ALICE, "m2", "again");

    var retry =
        kit.<Outcome<Channel.Posted>>runCommand(
            replyTo -> new Channel.Post(ALICE, "m1", "hello (retried)", null, List.of(), replyTo));

    assertEquals(new Channel.Posted(2, NOW, true, List.of()), accepted(retry.reply()));
    assertTrue(retry.hasNoEvents());
    assertEquals(3, retry.stateOfType(ChannelState.Active.class).lastSeq());
  }

  @Test
  void sameClientMsgIdFromAnotherAuthorIsANewPost() {
    create(kit, ChannelKind.PUBLIC);
    join(kit, BOB);
    post(kit, ALICE, "m1", "from alice");

    var result =
        kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(BOB, "m1", "from bob", null, List.of(), replyTo));

    assertEquals(new Channel.Posted(4, NOW, false, List.of()), accepted(result.reply()));
    assertEquals(List.of(new ChannelEvent.MessagePosted(4, BOB, "from bob", NOW, "m1", null, List.of())), KEYS.asRead(result.events()));
  }

  @Test
  void rejectsPostFromNonMemberOfPublicChannelAsForbidden() {
    create(kit, ChannelKind.PUBLIC);

    var result = kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(BOB, "m1", "hi", null, List.of(), replyTo));

    assertEquals(Outcome.Reason.FORBIDDEN, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @ParameterizedTest
  @EnumSource(value = ChannelKind.class, names = {"PUBLIC", "PRIVATE"})
  void anIncomingWebhookPostsAsItselfWithoutBeingAMember(ChannelKind kind) {
    create(kit, kind);

    var result =
        kit.<Outcome<Channel.Posted>>runCommand(
            replyTo -> new Channel.Post("h-ci", "k1", "deploy ok", null, List.of(), List.of(), "CI", replyTo));

    assertEquals(new Channel.Posted(2, NOW, false, List.of()), accepted(result.reply()));
    assertEquals(
        List.of(new ChannelEvent.MessagePosted(2, "h-ci", "deploy ok", NOW, "k1", null, List.of(), List.of(), null, "CI")),
        KEYS.asRead(result.events()));
  }

  @Test
  void aDmTakesNoWebhookPosts() {
    create(kit, ChannelKind.DM);

    var result =
        kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post("h-ci", "k1", "hi", null, List.of(), List.of(), "CI", replyTo));

    assertEquals(Outcome.Reason.FORBIDDEN, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @ParameterizedTest
  @EnumSource(value = ChannelKind.class, names = {"PRIVATE", "DM"})
  void rejectsPostFromNonMemberOfNonPublicChannelAsNotFound(ChannelKind kind) {
    create(kit, kind);

    var result = kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(BOB, "m1", "hi", null, List.of(), replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void rejectsPostWithThreadSeqBeyondLastSeqAsBadRequest() {
    create(kit, ChannelKind.PUBLIC);
    post(kit, ALICE, "m1", "root"); // seq 2

    var result =
        kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m2", "reply", 3L, List.of(), replyTo));

    assertEquals(Outcome.Reason.BAD_REQUEST, reason(result.reply()));
    assertTrue(result.hasNoEvents());
  }

  @Test
  void postWithAnExistingThreadSeqIsStoredAsAReply() {
    create(kit, ChannelKind.PUBLIC);
    post(kit, ALICE, "m1", "root"); // seq 2

    var result =
        kit.<Outcome<Channel.Posted>>runCommand(replyTo -> new Channel.Post(ALICE, "m2", "reply", 2L, List.of(), replyTo));

    assertEquals(new Channel.Posted(3, NOW, false, List.of()), accepted(result.reply()));
    assertEquals(List.of(new ChannelEvent.MessagePosted(3, ALICE, "reply", NOW, "m2", 2L, List.of())), KEYS.asRead(result.events()));
  }

  @Test
  void seqsStayGapFreeOverManyChangesAndSurviveRestart() {
    List<ChannelEvent.Sequenced> log = new ArrayList<>();
    log.addAll(sequenced(kit.<Outcome<Channel.Summary>>runCommand(
        replyTo -> new Channel.Create(WS, NAME, ChannelKind.PUBLIC, TOPIC, ALICE, List.of(ALICE), replyTo)).events()));
    for (int i = 0; i < 60; i++) {
      String clientMsgId = "m" + i;
      String text = "message " + i;
      log.addAll(sequenced(kit.<Outcome<Channel.Posted>>runCommand(
          replyTo -> new Channel.Post(ALICE, clientMsgId, text, null, List.of(), replyTo)).events()));
      if (i % 10 == 3) {
        log.addAll(sequenced(kit.<Outcome<Channel.Joined>>runCommand(
            replyTo -> new Channel.Join(BOB, replyTo)).events()));
      }
      if (i % 10 == 7) {
        log.addAll(sequenced(kit.<Outcome<Channel.Left>>runCommand(
            replyTo -> new Channel.Leave(BOB, replyTo)).events()));
      }
      if (i % 10 == 5) { // a retry: no new seq
        log.addAll(sequenced(kit.<Outcome<Channel.Posted>>runCommand(
            replyTo -> new Channel.Post(ALICE, clientMsgId, text, null, List.of(), replyTo)).events()));
      }
    }

    List<Long> expectedSeqs = LongStream.rangeClosed(1, log.size()).boxed().toList();
    assertEquals(expectedSeqs, log.stream().map(ChannelEvent.Sequenced::seq).toList());
    assertEquals(log, readEvents(kit, ALICE, 0, -1, 200).events());

    ChannelState before = kit.getState();
    assertEquals(before, kit.restart().state());
    assertEquals(log.size(), ((ChannelState.Active) kit.getState()).lastSeq());
  }

  // Reading the log

  @ParameterizedTest(name = "after={0} before={1} limit={2} -> {3}..{4} hasMore={5}")
  @CsvSource({
    // neither: the latest L
    "-1, -1,  3,  8, 10, true",
    "-1, -1, 10,  1, 10, false",
    "-1, -1, 50,  1, 10, false",
    // after: exclusive, ascending, hasMore toward newer
    " 7, -1,  2,  8,  9, true",
    " 8, -1,  2,  9, 10, false",
    " 0, -1,  4,  1,  4, true",
    " 0, -1, 10,  1, 10, false",
    "10, -1,  5,  0,  0, false",
    "25, -1,  5,  0,  0, false",
    "9223372036854775807, -1, 5, 0, 0, false",
    "9223372036854775800, -1, 200, 0, 0, false",
    // before: exclusive, the L just below, hasMore toward older
    "-1,  4,  2,  2,  3, true",
    "-1,  3,  2,  1,  2, false",
    "-1,  1,  5,  0,  0, false",
    "-1,  0,  5,  0,  0, false",
    "-1, 11,  3,  8, 10, true",
    "-1, 99,  3,  8, 10, true",
    "-1, 9223372036854775807, 3, 8, 10, true",
  })
  void readEventsPagesLikeHistory(long after, long before, int limit, long from, long to, boolean hasMore) {
    List<ChannelEvent.Sequenced> log = createWithPosts(kit, 9); // seqs 1..10

    Channel.EventsPage page = readEvents(kit, ALICE, after, before, limit);

    List<ChannelEvent.Sequenced> expected = log.stream().filter(e -> e.seq() >= from && e.seq() <= to).toList();
    assertEquals(from == 0 ? List.of() : expected, page.events());
    assertEquals(hasMore, page.hasMore());
    assertTrue(mainHistory.reads.isEmpty(), "the recent window serves all of it: " + mainHistory.reads);
  }

  @Test
  void rejectsReadByNonMemberOfPublicChannelAsForbidden() {
    create(kit, ChannelKind.PUBLIC);

    var result =
        kit.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(BOB, -1, -1, 10, replyTo));

    assertEquals(Outcome.Reason.FORBIDDEN, reason(result.reply()));
  }

  @Test
  void rejectsReadByNonMemberOfPrivateChannelAsNotFound() {
    create(kit, ChannelKind.PRIVATE);

    var result =
        kit.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(BOB, -1, -1, 10, replyTo));

    assertEquals(Outcome.Reason.NOT_FOUND, reason(result.reply()));
  }

  @Test
  void readOlderThanTheRecentWindowGoesToTheJournal() {
    RecordingHistory history = new RecordingHistory(false);
    String channelId = freshChannelId();
    var small = newKit(channelId, new ChannelSettings(1000, 3, 4096, Duration.ofSeconds(20), BACKOFF), history, CLOCK);
    createWithPosts(small, 9); // seqs 1..10, window 8..10

    Channel.EventsPage latest = readEvents(small, ALICE, -1, -1, 5);
    Channel.EventsPage before = readEvents(small, ALICE, -1, 9, 2);

    assertEquals(List.of(channelId + ":6..10", channelId + ":7..8"), history.reads);
    assertEquals(RecordingHistory.journalEvents(6, 10), latest.events());
    assertTrue(latest.hasMore());
    assertEquals(RecordingHistory.journalEvents(7, 8), before.events());
    assertTrue(before.hasMore());
  }

  @Test
  void readInsideTheRecentWindowDoesNotTouchTheJournal() {
    RecordingHistory history = new RecordingHistory(false);
    var small = newKit(freshChannelId(), new ChannelSettings(1000, 3, 4096, Duration.ofSeconds(20), BACKOFF), history, CLOCK);
    List<ChannelEvent.Sequenced> log = createWithPosts(small, 9); // window 8..10

    Channel.EventsPage page = readEvents(small, ALICE, 7, -1, 10);

    assertEquals(log.subList(7, 10), page.events());
    assertFalse(page.hasMore());
    assertTrue(history.reads.isEmpty());
  }

  @Test
  void failedJournalReadIsUnavailableAndLoggedWithTheChannelId() {
    RecordingHistory failing = new RecordingHistory(true);
    String channelId = freshChannelId();
    var small = newKit(channelId, new ChannelSettings(1000, 3, 4096, Duration.ofSeconds(20), BACKOFF), failing, CLOCK);
    createWithPosts(small, 9);

    var result =
        LoggingTestKit.warn("could not read its journal")
            .withMdc(Map.of(LogContext.CHANNEL_ID, channelId))
            .expect(
                testKit.system(),
                () -> small.<Outcome<Channel.EventsPage>>runCommand(replyTo -> new Channel.ReadEvents(ALICE, 0, -1, 5, replyTo)));

    assertEquals(Outcome.Reason.UNAVAILABLE, reason(result.reply()));
    assertEquals(1, failing.reads.size());
  }

  // Recovery

  @Test
  void restartRecoversTheSameState() {
    create(kit, ChannelKind.PRIVATE);
    post(kit, ALICE, "m1", "one");
    post(kit, ALICE, "m2", "two");
    ChannelState before = kit.getState();

    assertEquals(before, kit.restart().state());
    assertEquals(new Channel.Posted(2, NOW, true, List.of()), accepted(post(kit, ALICE, "m1", "one")));
  }

  @Test
  void snapshotKeepsTheRecentWindowAndThePostIdWindow() {
    String channelId = freshChannelId();
    var snapshotting =
        newKit(channelId, new ChannelSettings(5, 4, 3, Duration.ofSeconds(20), BACKOFF), new RecordingHistory(true), CLOCK);
    List<ChannelEvent.Sequenced> log = createWithPosts(snapshotting, 8); // journal seqNrs 1..10, seqs 1..9
    ChannelState before = snapshotting.getState();
    List<Long> snapshotSeqNrs =
        snapshotting.snapshotTestKit().orElseThrow().persistedInStorage(Channel.persistenceId(channelId).id()).stream()
            .map(pair -> pair.first().sequenceNr())
            .toList();
    assertTrue(snapshotSeqNrs.contains(10L), "snapshot at sequence nr 10: " + snapshotSeqNrs);

    // Only the snapshot is left: the recovered state must come from it alone.
    snapshotting.persistenceTestKit().clearByPersistenceId(Channel.persistenceId(channelId).id());
    ChannelState after = snapshotting.restart().state();

    assertEquals(before, after);
    ChannelState.Active active = (ChannelState.Active) after;
    assertEquals(4, active.recent().size());
    assertEquals(3, active.postIds().size());
    Channel.EventsPage latest = readEvents(snapshotting, ALICE, -1, -1, 4);
    assertEquals(log.subList(5, 9), latest.events());
    assertEquals(new Channel.Posted(9, NOW, true, List.of()), accepted(post(snapshotting, ALICE, "m8", "retry")));
    assertEquals(new Channel.Posted(7, NOW, true, List.of()), accepted(post(snapshotting, ALICE, "m6", "retry")));
  }

  @Test
  void postIdWindowForgetsTheOldestIds() {
    var capped =
        newKit(freshChannelId(), new ChannelSettings(1000, 200, 2, Duration.ofSeconds(20), BACKOFF), new RecordingHistory(true), CLOCK);
    createWithPosts(capped, 3); // m1 (seq 2), m2 (seq 3), m3 (seq 4); the window keeps m2, m3

    assertEquals(new Channel.Posted(4, NOW, true, List.of()), accepted(post(capped, ALICE, "m3", "retry")));
    assertEquals(new Channel.Posted(5, NOW, false, List.of()), accepted(post(capped, ALICE, "m1", "too late a retry")));
  }

  // Fan-out to node hubs

  @Test
  void subscribedHubGetsTheLastSeqAndThenEveryPersistedEventInOrder() {
    create(kit, ChannelKind.PUBLIC);
    post(kit, ALICE, "m1", "before the hub");
    TestProbe<ChannelHub.Command> hub = testKit.createTestProbe();

    kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    hub.expectMessage(new ChannelHub.Subscribed(CHANNEL, 2));

    join(kit, BOB);
    post(kit, BOB, "m1", "hello");
    assertEquals(Outcome.Reason.FORBIDDEN, reason(post(kit, CAROL, "m1", "not a member"))); // no event
    post(kit, BOB, "m1", "hello"); // duplicate: no event
    kit.<Outcome<Channel.Left>>runCommand(replyTo -> new Channel.Leave(BOB, replyTo));

    hub.expectMessage(new ChannelHub.Deliver(CHANNEL, new ChannelEvent.MemberJoined(3, BOB, NOW)));
    hub.expectMessage(new ChannelHub.Deliver(CHANNEL, new ChannelEvent.MessagePosted(4, BOB, "hello", NOW, "m1", null, List.of())));
    hub.expectMessage(new ChannelHub.Deliver(CHANNEL, new ChannelEvent.MemberLeft(5, BOB, NOW)));
    // Messages from one sender arrive in order: nothing else was sent before this answer.
    kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    hub.expectMessage(new ChannelHub.Subscribed(CHANNEL, 5));
  }

  @Test
  void hubSubscribedBeforeCreationGetsSeqZeroAndThenTheCreatorsJoin() {
    TestProbe<ChannelHub.Command> hub = testKit.createTestProbe();

    kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    hub.expectMessage(new ChannelHub.Subscribed(CHANNEL, 0));
    create(kit, ChannelKind.PUBLIC);

    hub.expectMessage(new ChannelHub.Deliver(CHANNEL, new ChannelEvent.MemberJoined(1, ALICE, NOW)));
  }

  @Test
  void unsubscribedHubIsNoLongerSentEvents() {
    create(kit, ChannelKind.PUBLIC);
    TestProbe<ChannelHub.Command> hub = testKit.createTestProbe();
    TestProbe<ChannelHub.Command> otherHub = testKit.createTestProbe();
    kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    kit.runCommand(new Channel.SubscribeHub(otherHub.ref()));
    hub.expectMessage(new ChannelHub.Subscribed(CHANNEL, 1));
    otherHub.expectMessage(new ChannelHub.Subscribed(CHANNEL, 1));

    kit.runCommand(new Channel.UnsubscribeHub(hub.ref()));
    post(kit, ALICE, "m1", "only for the other hub");

    otherHub.expectMessage(new ChannelHub.Deliver(CHANNEL, new ChannelEvent.MessagePosted(2, ALICE, "only for the other hub", NOW, "m1", null, List.of())));
    // Had the unsubscribed hub been sent the Deliver, it would arrive before this answer.
    kit.runCommand(new Channel.SubscribeHub(hub.ref()));
    hub.expectMessage(new ChannelHub.Subscribed(CHANNEL, 2));
  }

  @Test
  void hubThatDidNotRenewWithinTheTtlIsNoLongerSentEvents() {
    ManualClock clock = new ManualClock(NOW);
    var timed = newKit(freshChannelId(), SETTINGS, new RecordingHistory(true), clock);
    String channelId = create(timed, ChannelKind.PUBLIC).channelId();
    TestProbe<ChannelHub.Command> stale = testKit.createTestProbe();
    TestProbe<ChannelHub.Command> renewing = testKit.createTestProbe();
    timed.runCommand(new Channel.SubscribeHub(stale.ref()));
    timed.runCommand(new Channel.SubscribeHub(renewing.ref()));
    stale.expectMessage(new ChannelHub.Subscribed(channelId, 1));
    renewing.expectMessage(new ChannelHub.Subscribed(channelId, 1));

    clock.advance(Duration.ofSeconds(15));
    timed.runCommand(new Channel.SubscribeHub(renewing.ref()));
    renewing.expectMessage(new ChannelHub.Subscribed(channelId, 1));
    clock.advance(Duration.ofSeconds(10)); // 25 s since the stale hub subscribed, TTL 20 s
    post(timed, ALICE, "m1", "hello");

    renewing.expectMessage(
        new ChannelHub.Deliver(channelId, new ChannelEvent.MessagePosted(2, ALICE, "hello", clock.millis(), "m1", null, List.of())));
    timed.runCommand(new Channel.SubscribeHub(stale.ref()));
    stale.expectMessage(new ChannelHub.Subscribed(channelId, 2));
  }

  // Messages outside the testkit's checks

  @Test
  void repliesAndHubMessagesSerialize() {
    var serialization = testKit.serializationTestKit();
    ChannelEvent.Sequenced posted = new ChannelEvent.MessagePosted(4, BOB, "hello", NOW, "m1", 2L, List.of());
    Channel.Summary summary = new Channel.Summary(CHANNEL, WS, NAME, ChannelKind.DM, TOPIC, 4, true, false, 2);
    List<Object> messages =
        List.of(
            Outcome.accepted(summary),
            Outcome.accepted(new Channel.Joined(summary, 3, true)),
            Outcome.accepted(new Channel.Left(5)),
            Outcome.accepted(new Channel.Posted(4, NOW, true, List.of())),
            Outcome.accepted(new Channel.EventsPage(List.of(new ChannelEvent.MemberJoined(1, ALICE, NOW), posted), true)),
            Outcome.rejected(Outcome.Reason.UNAVAILABLE, "history is unavailable"),
            new ChannelHub.Deliver(CHANNEL, posted),
            new ChannelHub.Subscribed(CHANNEL, 4),
            new ChannelHub.Relay(CHANNEL, new ChannelHub.TypingSignal(BOB)),
            new ChannelHub.Relay(CHANNEL, new ChannelHub.ReceiptSignal(BOB, 4)));
    for (Object message : messages) {
      serialization.verifySerialization(message, true);
    }
  }

  // Helpers

  private static Channel.Summary create(
      EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit, ChannelKind kind) {
    return accepted(
        kit.<Outcome<Channel.Summary>>runCommand(replyTo -> new Channel.Create(WS, NAME, kind, TOPIC, ALICE, List.of(ALICE), replyTo))
            .reply());
  }

  private static Channel.Joined join(
      EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit, String userId) {
    return accepted(kit.<Outcome<Channel.Joined>>runCommand(replyTo -> new Channel.Join(userId, replyTo)).reply());
  }

  private static Outcome<Channel.Posted> post(
      EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit,
      String userId,
      String clientMsgId,
      String text) {
    return kit.<Outcome<Channel.Posted>>runCommand(
            replyTo -> new Channel.Post(userId, clientMsgId, text, null, List.of(), replyTo))
        .reply();
  }

  private static Channel.EventsPage readEvents(
      EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit,
      String userId,
      long after,
      long before,
      int limit) {
    return accepted(
        kit.<Outcome<Channel.EventsPage>>runCommand(
                replyTo -> new Channel.ReadEvents(userId, after, before, limit, replyTo))
            .reply());
  }

  /** A public channel by Alice with posts m1..mN: seqs 1..N+1; returns its log. */
  private static List<ChannelEvent.Sequenced> createWithPosts(
      EventSourcedBehaviorTestKit<Channel.Command, ChannelEvent, ChannelState> kit, int posts) {
    List<ChannelEvent.Sequenced> log = new ArrayList<>();
    log.addAll(
        sequenced(
            kit.<Outcome<Channel.Summary>>runCommand(
                    replyTo -> new Channel.Create(WS, NAME, ChannelKind.PUBLIC, TOPIC, ALICE, List.of(ALICE), replyTo))
                .events()));
    for (int i = 1; i <= posts; i++) {
      String clientMsgId = "m" + i;
      var result =
          kit.<Outcome<Channel.Posted>>runCommand(
              replyTo -> new Channel.Post(ALICE, clientMsgId, "post " + clientMsgId, null, List.of(), replyTo));
      assertEquals(log.size() + 1, accepted(result.reply()).seq());
      log.addAll(sequenced(result.events()));
    }
    return log;
  }

  /** The channel events among {@code events}, as members read them. */
  private static List<ChannelEvent.Sequenced> sequenced(List<ChannelEvent> events) {
    return KEYS.asRead(events).stream()
        .filter(ChannelEvent.Sequenced.class::isInstance)
        .map(ChannelEvent.Sequenced.class::cast)
        .toList();
  }

  /** A fake journal reader: each read is recorded and answered with made-up events, or fails. */
  private static final class RecordingHistory implements ChannelHistory {
    final List<String> reads = new CopyOnWriteArrayList<>();
    private final boolean fail;

    RecordingHistory(boolean fail) {
      this.fail = fail;
    }

    static List<ChannelEvent.Sequenced> journalEvents(long fromSeq, long toSeq) {
      return LongStream.rangeClosed(fromSeq, toSeq)
          .<ChannelEvent.Sequenced>mapToObj(
              seq -> new ChannelEvent.MessagePosted(seq, "u-journal", "from the journal " + seq, NOW, "j" + seq, null, List.of()))
          .toList();
    }

    @Override
    public CompletionStage<List<ChannelEvent.Sequenced>> read(String channelId, long fromSeq, long toSeq) {
      reads.add(channelId + ":" + fromSeq + ".." + toSeq);
      if (fail) {
        return CompletableFuture.failedFuture(new IllegalStateException("the journal is unreachable"));
      }
      return CompletableFuture.completedFuture(journalEvents(fromSeq, toSeq));
    }
  }

}
