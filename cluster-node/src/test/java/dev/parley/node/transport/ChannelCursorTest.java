package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.channel.ChannelEvent;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Delivery of one channel to one connection: exactly once, in seq order, holes fetched. */
class ChannelCursorTest {
  /** Room enough for anything these tests release. */
  private static final int ROOM = 1_000;


  @Test
  void deliversEventsThatArriveInOrderRightAway() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);

    assertEquals(events(1), cursor.offer(event(1), ROOM));
    assertEquals(events(2), cursor.offer(event(2), ROOM));
    assertEquals(events(3), cursor.offer(event(3), ROOM));
    assertEquals(3, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void dropsEventsTheClientAlreadyHas() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(5);

    assertEquals(List.of(), cursor.offer(event(4), ROOM));
    assertEquals(List.of(), cursor.offer(event(5), ROOM));
    assertEquals(events(6), cursor.offer(event(6), ROOM));
    assertEquals(List.of(), cursor.offer(event(6), ROOM));
    assertEquals(6, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void holdsOutOfOrderEventsUntilTheHoleIsFilled() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(1), ROOM);

    assertEquals(List.of(), cursor.offer(event(4), ROOM));
    assertEquals(List.of(), cursor.offer(event(3), ROOM));
    assertEquals(List.of(), cursor.offer(event(4), ROOM)); // a duplicate of a waiting one
    assertEquals(Optional.of(new ChannelCursor.Missing(2, 2)), cursor.missing());
    assertEquals(events(2, 3, 4), cursor.offer(event(2), ROOM));
    assertEquals(4, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void missingIsTheFirstHoleBelowTheWaitingEvents() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(2);

    cursor.offer(event(6), ROOM);
    cursor.offer(event(9), ROOM);

    ChannelCursor.Missing missing = cursor.missing().orElseThrow();
    assertEquals(new ChannelCursor.Missing(3, 5), missing);
    assertEquals(3, missing.count());
  }

  @Test
  void filledEventsAreDeliveredWithTheWaitingOnesExactlyOnce() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(1), ROOM);
    cursor.offer(event(4), ROOM);
    cursor.offer(event(5), ROOM);
    cursor.fillStarted();

    // The log answers with an overlap on both sides.
    List<ChannelEvent.Sequenced> delivered = cursor.filled(events(1, 2, 3, 4), ROOM);

    assertEquals(events(2, 3, 4, 5), delivered);
    assertEquals(5, cursor.delivered());
    assertEquals(List.of(), cursor.offer(event(5), ROOM));
  }

  @Test
  void noSecondFetchIsAskedForWhileOneIsUnderWay() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(3), ROOM);
    cursor.fillStarted();

    assertEquals(Optional.empty(), cursor.missing());
    cursor.fillFailed();
    assertEquals(Optional.empty(), cursor.missing(), "a failed fetch waits for its retry");
    cursor.retry();
    assertEquals(Optional.of(new ChannelCursor.Missing(1, 2)), cursor.missing());
  }

  @Test
  void aLongFillGoesOutNoFasterThanTheRoomAndLiveEventsQueueBehindIt() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(7), ROOM);
    cursor.fillStarted();

    assertEquals(events(1, 2), cursor.filled(events(1, 2, 3, 4, 5, 6), 2));
    assertTrue(cursor.ready());
    assertEquals(Optional.empty(), cursor.missing(), "nothing to fetch: the rest is here, waiting for room");
    assertEquals(List.of(), cursor.offer(event(8), 0));
    assertEquals(events(3, 4, 5), cursor.release(3));
    assertEquals(events(6, 7, 8), cursor.release(ROOM));
    assertFalse(cursor.ready());
    assertEquals(0, cursor.held());
    assertEquals(events(9), cursor.offer(event(9), 0), "with nothing waiting, a live event goes out whatever the room");
  }

  @Test
  void caughtUpOnlyWhenEverythingTheLogIsKnownToHoldWentOut() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    assertEquals(events(1), cursor.offer(event(1), 0));
    assertTrue(cursor.caughtUp());
    cursor.headAt(3);
    assertFalse(cursor.caughtUp(), "seqs 2 and 3 are to be fetched");
    assertEquals(List.of(), cursor.offer(event(1), ROOM), "a repeat of a delivered event");
    assertEquals(List.of(), cursor.offer(event(4), ROOM));
    assertEquals(1, cursor.held());
  }

  @Test
  void aPageIsTheFirstPartOfAHole() {
    assertEquals(new ChannelCursor.Missing(31, 40), new ChannelCursor.Missing(31, 500).first(10));
    assertEquals(new ChannelCursor.Missing(31, 33), new ChannelCursor.Missing(31, 33).first(10));
  }

  @Test
  void partialFillLeavesTheRestMissing() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(5), ROOM);
    cursor.fillStarted();

    assertEquals(events(1, 2), cursor.filled(events(1, 2), ROOM));
    assertEquals(Optional.of(new ChannelCursor.Missing(3, 4)), cursor.missing());
  }

  @Test
  void headAtWithoutEventsCreatesAMissingRange() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(5);

    cursor.headAt(8);
    assertEquals(Optional.of(new ChannelCursor.Missing(6, 8)), cursor.missing());
    cursor.headAt(7); // an older head does not shrink what is known
    assertEquals(Optional.of(new ChannelCursor.Missing(6, 8)), cursor.missing());
  }

  @Test
  void holeAboveTheWaitingEventsIsFetchedAfterTheOneBelow() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(3), ROOM);
    cursor.headAt(6);

    assertEquals(Optional.of(new ChannelCursor.Missing(1, 2)), cursor.missing());
    cursor.fillStarted();
    assertEquals(events(1, 2, 3), cursor.filled(events(1, 2), ROOM));
    assertEquals(Optional.of(new ChannelCursor.Missing(4, 6)), cursor.missing());
  }

  @Test
  void headAtOrBelowDeliveredMissesNothing() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(5);

    cursor.headAt(5);
    cursor.headAt(2);

    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void skipToGivesUpTheHoleAndDeliversWhatFollows() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(5), ROOM);
    cursor.offer(event(6), ROOM);
    assertEquals(Optional.of(new ChannelCursor.Missing(1, 4)), cursor.missing());

    assertEquals(events(5, 6), cursor.skipTo(4, ROOM));
    assertEquals(6, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void skipToPastWaitingEventsDropsThem() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(3), ROOM);
    cursor.offer(event(8), ROOM);

    assertEquals(List.of(), cursor.skipTo(5, ROOM));
    assertEquals(5, cursor.delivered());
    assertEquals(Optional.of(new ChannelCursor.Missing(6, 7)), cursor.missing());
    assertEquals(List.of(), cursor.offer(event(3), ROOM));
    assertEquals(events(6, 7, 8), cursor.filled(events(6, 7), ROOM));
  }

  @Test
  void skipToBelowDeliveredChangesNothing() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(1), ROOM);
    cursor.offer(event(2), ROOM);

    assertEquals(List.of(), cursor.skipTo(1, ROOM));
    assertEquals(2, cursor.delivered());
    assertEquals(events(3), cursor.offer(event(3), ROOM));
  }

  @Test
  void everyEventIsDeliveredOnceInOrderWhateverTheArrivalOrder() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    long[] arrival = {2, 1, 1, 5, 3, 4, 4, 9, 7, 8, 6, 10, 2, 10};
    List<ChannelEvent.Sequenced> out = new java.util.ArrayList<>();

    for (long seq : arrival) {
      out.addAll(cursor.offer(event(seq), ROOM));
    }

    assertEquals(events(LongStream.rangeClosed(1, 10).toArray()), out);
  }

  private static ChannelCursor<ChannelEvent.Sequenced> cursor(long delivered) {
    return new ChannelCursor<>(delivered, ChannelEvent.Sequenced::seq);
  }

  private static ChannelEvent.Sequenced event(long seq) {
    return new ChannelEvent.MessagePosted(seq, "u-alice", "message " + seq, 1_000 + seq, "m" + seq, null, List.of());
  }

  private static List<ChannelEvent.Sequenced> events(long... seqs) {
    return LongStream.of(seqs).mapToObj(ChannelCursorTest::event).toList();
  }
}
