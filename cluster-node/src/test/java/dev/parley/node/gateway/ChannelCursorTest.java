package dev.parley.node.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.channel.ChannelEvent;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Delivery of one channel to one connection: exactly once, in seq order, holes fetched. */
class ChannelCursorTest {

  @Test
  void deliversEventsThatArriveInOrderRightAway() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);

    assertEquals(events(1), cursor.offer(event(1)));
    assertEquals(events(2), cursor.offer(event(2)));
    assertEquals(events(3), cursor.offer(event(3)));
    assertEquals(3, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void dropsEventsTheClientAlreadyHas() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(5);

    assertEquals(List.of(), cursor.offer(event(4)));
    assertEquals(List.of(), cursor.offer(event(5)));
    assertEquals(events(6), cursor.offer(event(6)));
    assertEquals(List.of(), cursor.offer(event(6)));
    assertEquals(6, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void holdsOutOfOrderEventsUntilTheHoleIsFilled() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(1));

    assertEquals(List.of(), cursor.offer(event(4)));
    assertEquals(List.of(), cursor.offer(event(3)));
    assertEquals(List.of(), cursor.offer(event(4))); // a duplicate of a waiting one
    assertEquals(Optional.of(new ChannelCursor.Missing(2, 2)), cursor.missing());
    assertEquals(events(2, 3, 4), cursor.offer(event(2)));
    assertEquals(4, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void missingIsTheFirstHoleBelowTheWaitingEvents() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(2);

    cursor.offer(event(6));
    cursor.offer(event(9));

    ChannelCursor.Missing missing = cursor.missing().orElseThrow();
    assertEquals(new ChannelCursor.Missing(3, 5), missing);
    assertEquals(3, missing.count());
  }

  @Test
  void filledEventsAreDeliveredWithTheWaitingOnesExactlyOnce() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(1));
    cursor.offer(event(4));
    cursor.offer(event(5));
    cursor.fillStarted();

    // The log answers with an overlap on both sides.
    List<ChannelEvent.Sequenced> delivered = cursor.filled(events(1, 2, 3, 4));

    assertEquals(events(2, 3, 4, 5), delivered);
    assertEquals(5, cursor.delivered());
    assertEquals(List.of(), cursor.offer(event(5)));
  }

  @Test
  void noSecondFetchIsAskedForWhileOneIsUnderWay() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(3));
    cursor.fillStarted();

    assertEquals(Optional.empty(), cursor.missing());
    cursor.fillFailed();
    assertEquals(Optional.of(new ChannelCursor.Missing(1, 2)), cursor.missing());
  }

  @Test
  void partialFillLeavesTheRestMissing() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(5));
    cursor.fillStarted();

    assertEquals(events(1, 2), cursor.filled(events(1, 2)));
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
    cursor.offer(event(3));
    cursor.headAt(6);

    assertEquals(Optional.of(new ChannelCursor.Missing(1, 2)), cursor.missing());
    cursor.fillStarted();
    assertEquals(events(1, 2, 3), cursor.filled(events(1, 2)));
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
    cursor.offer(event(5));
    cursor.offer(event(6));
    assertEquals(Optional.of(new ChannelCursor.Missing(1, 4)), cursor.missing());

    assertEquals(events(5, 6), cursor.skipTo(4));
    assertEquals(6, cursor.delivered());
    assertEquals(Optional.empty(), cursor.missing());
  }

  @Test
  void skipToPastWaitingEventsDropsThem() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(3));
    cursor.offer(event(8));

    assertEquals(List.of(), cursor.skipTo(5));
    assertEquals(5, cursor.delivered());
    assertEquals(Optional.of(new ChannelCursor.Missing(6, 7)), cursor.missing());
    assertEquals(List.of(), cursor.offer(event(3)));
    assertEquals(events(6, 7, 8), cursor.filled(events(6, 7)));
  }

  @Test
  void skipToBelowDeliveredChangesNothing() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    cursor.offer(event(1));
    cursor.offer(event(2));

    assertEquals(List.of(), cursor.skipTo(1));
    assertEquals(2, cursor.delivered());
    assertEquals(events(3), cursor.offer(event(3)));
  }

  @Test
  void everyEventIsDeliveredOnceInOrderWhateverTheArrivalOrder() {
    ChannelCursor<ChannelEvent.Sequenced> cursor = cursor(0);
    long[] arrival = {2, 1, 1, 5, 3, 4, 4, 9, 7, 8, 6, 10, 2, 10};
    List<ChannelEvent.Sequenced> out = new java.util.ArrayList<>();

    for (long seq : arrival) {
      out.addAll(cursor.offer(event(seq)));
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
