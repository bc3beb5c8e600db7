package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelHub;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.WireCodec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A socket's outbox as the hub and the connection use it: live events go out once and in order,
 * holes are handed to the connection to fetch, and a client that does not read is closed.
 */
class OutboxTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final WireFrames FRAMES = new WireFrames(new WireCodec(Limits.DEFAULTS));
  private static final String CHANNEL = "c-1";
  private static final String ME = "u-me";
  private static final int MAX_REPLAY = 100;
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final TestProbe<ChannelHub.Command> hub = testKit.createTestProbe();
  private final List<ChannelCursor.Missing> fetches = new ArrayList<>();
  private final List<String> sent = new ArrayList<>();
  private int slowConsumers;
  private CloseRequest closeRequest;
  private FrameQueue socket;
  private Outbox outbox;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    closeRequest = new CloseRequest();
    socket = new FrameQueue(16);
    outbox = outbox(socket);
  }

  /** An outbox whose socket writes from {@code socket}. */
  private Outbox outbox(FrameQueue socket) {
    Outbox created = new Outbox(socket, closeRequest, FRAMES, hub.getRef(), Clock.systemUTC(), MAX_REPLAY);
    created.bind(
        new Outbox.Owner() {
          @Override
          public void fetch(String channelId, ChannelCursor.Missing missing) {
            fetches.add(missing);
          }

          @Override
          public void slowConsumer() {
            slowConsumers++;
          }
        });
    return created;
  }

  @Test
  void liveEventsGoOutOnceInOrderWithTheFrameTheHubRendered() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 1, 1);
    hub.expectMessage(new ChannelHub.Subscribe(CHANNEL, outbox));

    deliver(2);
    deliver(2);
    deliver(3);

    awaitSent(2);
    assertTrue(sent.get(0).contains("\"seq\":2"), sent.get(0));
    assertTrue(sent.get(1).contains("\"seq\":3"), sent.get(1));
    assertEquals(List.of(), fetches);
  }

  @Test
  void aHoleIsHandedToTheConnectionOnceAndLaterEventsWaitForIt() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 1, 1);

    deliver(4);
    deliver(5);

    assertEquals(List.of(new ChannelCursor.Missing(2, 3)), fetches);
    outbox.filled(CHANNEL, List.of(pending(2), pending(3)));
    awaitSent(4);
    assertTrue(sent.get(3).contains("\"seq\":5"), sent.get(3));
  }

  @Test
  void holesAreNotFetchedBeforeAuthThenAreAtAuth() {
    outbox.follow(CHANNEL, 0, 3);
    assertEquals(List.of(), fetches);

    outbox.authenticated(ME);

    assertEquals(List.of(new ChannelCursor.Missing(1, 3)), fetches);
  }

  @Test
  void theUsersOwnLeaveIsTheLastEventOfTheChannel() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 1, 1);
    hub.expectMessageClass(ChannelHub.Subscribe.class);

    outbox.delivered(CHANNEL, new ChannelEvent.MemberLeft(2, ME, 0), FRAMES.event(CHANNEL, new ChannelEvent.MemberLeft(2, ME, 0)));
    deliver(3);

    hub.expectMessage(new ChannelHub.Unsubscribe(CHANNEL, outbox));
    assertFalse(outbox.follows(CHANNEL));
    awaitSent(1);
  }

  @Test
  void aChannelFollowedAgainGoesOnFromWhatTheSocketSentNotFromAnOlderMark() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 1, 1);
    deliver(2);
    deliver(3);
    deliver(4);
    outbox.unfollow(CHANNEL);

    outbox.follow(CHANNEL, 1, 4);
    deliver(5);

    assertEquals(List.of(), fetches);
    awaitSent(4);
    assertEquals(List.of(2L, 3L, 4L, 5L), sent.stream().map(OutboxTest::seqOf).toList());
  }

  @Test
  void signalsReachOtherMembersOnly() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 1, 1);

    outbox.signalled(CHANNEL, new ChannelHub.TypingSignal(ME), FRAMES.signal(CHANNEL, new ChannelHub.TypingSignal(ME)));
    outbox.signalled(CHANNEL, new ChannelHub.TypingSignal("u-other"), FRAMES.signal(CHANNEL, new ChannelHub.TypingSignal("u-other")));

    awaitSent(1);
    assertTrue(sent.get(0).contains("u-other"), sent.get(0));
  }

  @Test
  void aClientThatDoesNotReadIsClosedAsSlow() {
    Outbox stalled = outbox(new FrameQueue(2));
    stalled.authenticated(ME);
    stalled.follow(CHANNEL, 1, 1);

    for (long seq = 2; seq <= 10; seq++) {
      stalled.delivered(CHANNEL, posted(seq), FRAMES.event(CHANNEL, posted(seq)));
    }

    assertEquals(1, slowConsumers);
    assertEquals(CloseCode.SLOW_CONSUMER, closeRequest.get().code());
    assertFalse(stalled.close(CloseCode.AUTH_FAILED, "too late"));
  }

  @Test
  void aResumeFarBehindIsReplayedAtTheClientsPaceNotClosedAsSlow() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 0, 90);
    int answered = 0;
    for (int round = 0; round < 100 && sent.size() < 95; round++) {
      if (fetches.size() > answered) {
        ChannelCursor.Missing page = fetches.get(answered++);
        assertTrue(page.count() <= 12, "a page fits the room the live share leaves: " + page);
        outbox.filled(CHANNEL, LongStream.rangeClosed(page.fromSeq(), page.toSeq()).mapToObj(OutboxTest::pending).toList());
      }
      if (round == 3) {
        for (long live = 91; live <= 95; live++) {
          deliver(live);
        }
      }
      read();
    }

    assertEquals(0, slowConsumers);
    assertEquals(LongStream.rangeClosed(1, 95).boxed().toList(), sent.stream().map(OutboxTest::seqOf).toList());
  }

  @Test
  void aClientThatDoesNotReadWhatIsReplayedIsClosedAsSlowOnceTooMuchIsHeldForIt() {
    outbox.authenticated(ME);
    outbox.follow(CHANNEL, 0, 50);
    ChannelCursor.Missing page = fetches.get(0);
    outbox.filled(CHANNEL, LongStream.rangeClosed(page.fromSeq(), page.toSeq()).mapToObj(OutboxTest::pending).toList());

    for (long live = 51; live <= 51 + MAX_REPLAY; live++) {
      deliver(live);
    }

    assertEquals(1, slowConsumers);
    assertEquals(CloseCode.SLOW_CONSUMER, closeRequest.get().code());
  }

  private void deliver(long seq) {
    outbox.delivered(CHANNEL, posted(seq), FRAMES.event(CHANNEL, posted(seq)));
  }

  private static Outbox.Pending pending(long seq) {
    return new Outbox.Pending(posted(seq), FRAMES.event(CHANNEL, posted(seq)));
  }

  private static ChannelEvent.MessagePosted posted(long seq) {
    return new ChannelEvent.MessagePosted(seq, "u-other", "message " + seq, 0, "m" + seq, null, List.of());
  }

  /** What the socket would have written by now. */
  private void awaitSent(int count) {
    read();
    assertEquals(count, sent.size(), () -> "sent: " + sent);
  }

  /** The client reads all that is queued, as the socket's writer would. */
  private void read() {
    for (OutFrame frame = socket.poll(); frame != null; frame = socket.poll()) {
      sent.add(frame.start().data().utf8String());
    }
  }

  private static long seqOf(String frame) {
    Matcher seq = SEQ.matcher(frame);
    assertTrue(seq.find(), frame);
    return Long.parseLong(seq.group(1));
  }
}
