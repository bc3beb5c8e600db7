package dev.parley.node.channel;

import static dev.parley.node.testing.Outcomes.accepted;
import static dev.parley.node.testing.Outcomes.reason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Posts that queue behind a channel's write in flight are persisted together in one write, and
 * every command still takes effect in the order it arrived.
 */
class ChannelPostBatchingTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final ChannelSettings SETTINGS =
      new ChannelSettings(
          1000, 200, 4096, Duration.ofSeconds(20), new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
  private static final String CHANNEL = "c-batching";
  private static final String ALICE = "u-alice";
  private static final String BOB = "u-bob";
  private static final long AWAIT_SECONDS = 10;

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("ChannelPostBatchingTest", EntityTestConfig.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records the size of every write and holds the first write of posts until released. */
  private static final class HeldJournal implements ProcessingPolicy<JournalOperation> {
    final List<Integer> writes = new CopyOnWriteArrayList<>();
    final CountDownLatch firstPostWriting = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public ProcessingResult tryProcess(String persistenceId, JournalOperation operation) {
      if (operation instanceof WriteEvents write) {
        writes.add(write.getBatch().size());
        if (write.getBatch().stream().anyMatch(ChannelEvent.MessagePosted.class::isInstance)
            && firstPostWriting.getCount() > 0) {
          firstPostWriting.countDown();
          awaitQuietly(release);
        }
      }
      return ProcessingSuccess.getInstance();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(AWAIT_SECONDS, TimeUnit.SECONDS), "the test never released the journal");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void postsQueuedBehindAWriteAreWrittenTogetherInArrivalOrder() throws InterruptedException {
    HeldJournal journal = new HeldJournal();
    PersistenceTestKit.create(testKit.system()).withPolicy(journal);
    ActorRef<Channel.Command> channel =
        testKit.spawn(
            Channel.create(CHANNEL, SETTINGS, (id, from, to) -> CompletableFuture.completedFuture(List.of()), new MemoryKeys(), CLOCK));
    TestProbe<Outcome<Channel.Summary>> created = testKit.createTestProbe();
    channel.tell(new Channel.Create("w-acme", "general", ChannelKind.PUBLIC, "", ALICE, List.of(ALICE, BOB), created.ref()));
    assertEquals(2, accepted(created.receiveMessage()).lastSeq());

    TestProbe<Outcome<Channel.Posted>> posts = testKit.createTestProbe();
    channel.tell(post(ALICE, "a-0", posts.ref()));
    assertTrue(journal.firstPostWriting.await(AWAIT_SECONDS, TimeUnit.SECONDS));
    // While a-0 is being written: 20 posts, a retry of a-5, bob leaves, then one post each.
    for (int i = 1; i <= 20; i++) {
      channel.tell(post(i % 2 == 0 ? ALICE : BOB, (i % 2 == 0 ? "a-" : "b-") + i, posts.ref()));
    }
    channel.tell(post(BOB, "b-5", posts.ref()));
    TestProbe<Outcome<Channel.Left>> left = testKit.createTestProbe();
    channel.tell(new Channel.Leave(BOB, left.ref()));
    channel.tell(post(BOB, "b-after-leaving", posts.ref()));
    channel.tell(post(ALICE, "a-after-bob-left", posts.ref()));
    journal.release.countDown();

    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      Channel.Posted posted = accepted(posts.receiveMessage());
      assertFalse(posted.duplicate());
      seqs.add(posted.seq());
    }
    assertEquals(LongStream.rangeClosed(3, 23).boxed().toList(), seqs, "seqs in arrival order");
    Channel.Posted retry = accepted(posts.receiveMessage());
    assertTrue(retry.duplicate());
    assertEquals(8, retry.seq(), "the retry of b-5 is answered with b-5's seq");
    assertEquals(24, accepted(left.receiveMessage()).seq(), "the leave takes effect after the posts before it");
    assertEquals(Outcome.Reason.FORBIDDEN, reason(posts.receiveMessage()), "bob's post after leaving is refused");
    assertEquals(25, accepted(posts.receiveMessage()).seq());
    assertEquals(List.of(1, 20, 1, 1), journal.writes.subList(1, journal.writes.size()), "one write for the 20 queued posts");
  }

  private static Channel.Post post(String userId, String clientMsgId, ActorRef<Outcome<Channel.Posted>> replyTo) {
    return new Channel.Post(userId, clientMsgId, "text of " + clientMsgId, null, List.of(), replyTo);
  }
}
