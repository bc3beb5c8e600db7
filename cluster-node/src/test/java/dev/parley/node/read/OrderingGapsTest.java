package dev.parley.node.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The projection's rule for missing journal orderings: wait for them, then give up after the timeout. */
class OrderingGapsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration LESS_THAN_TIMEOUT = Duration.ofSeconds(9);
  private static final Duration REST_OF_TIMEOUT = Duration.ofSeconds(1);

  private final ManualClock clock = new ManualClock(1_000_000);

  @Test
  void advancesThroughOrderingsWithoutGaps() {
    OrderingGaps.Advance advance = OrderingGaps.none(TIMEOUT).advance(4, List.of(5L, 6L, 7L), clock.millis());

    assertEquals(7, advance.upTo());
    assertEquals(List.of(), advance.skipped());
    assertEquals(0, advance.gaps().seen().size());
  }

  @Test
  void nothingVisibleAfterTheOffsetLeavesItWhereItIs() {
    assertEquals(4, OrderingGaps.none(TIMEOUT).advance(4, List.of(), clock.millis()).upTo());
  }

  @Test
  void stopsBeforeAMissingOrderingAndGoesOnOnceItCommits() {
    OrderingGaps.Advance first = OrderingGaps.none(TIMEOUT).advance(0, List.of(1L, 2L, 4L, 5L), clock.millis());
    assertEquals(2, first.upTo());

    clock.advance(LESS_THAN_TIMEOUT);
    OrderingGaps.Advance waiting = first.gaps().advance(2, List.of(4L, 5L), clock.millis());
    assertEquals(2, waiting.upTo());

    OrderingGaps.Advance filled = waiting.gaps().advance(2, List.of(3L, 4L, 5L), clock.millis());
    assertEquals(5, filled.upTo());
    assertEquals(List.of(), filled.skipped());
    assertEquals(0, filled.gaps().seen().size());
  }

  @Test
  void movesPastAnOrderingMissingForTheWholeTimeout() {
    OrderingGaps.Advance first = OrderingGaps.none(TIMEOUT).advance(2, List.of(5L, 6L), clock.millis());
    assertEquals(2, first.upTo());

    clock.advance(LESS_THAN_TIMEOUT);
    OrderingGaps.Advance stillWaiting = first.gaps().advance(2, List.of(5L, 6L), clock.millis());
    assertEquals(2, stillWaiting.upTo());

    clock.advance(REST_OF_TIMEOUT);
    OrderingGaps.Advance skipped = stillWaiting.gaps().advance(2, List.of(5L, 6L), clock.millis());
    assertEquals(6, skipped.upTo());
    assertEquals(List.of(new OrderingGaps.Gap(3, 4, first.gaps().seen().get(3L).firstSeenMillis())), skipped.skipped());
  }

  @Test
  void aPartlyFilledGapKeepsTheTimeItWasFirstSeen() {
    OrderingGaps.Advance first = OrderingGaps.none(TIMEOUT).advance(0, List.of(1L, 5L), clock.millis());
    assertEquals(1, first.upTo());

    clock.advance(LESS_THAN_TIMEOUT);
    OrderingGaps.Advance partly = first.gaps().advance(1, List.of(2L, 3L, 5L), clock.millis());
    assertEquals(3, partly.upTo(), "2 and 3 committed; 4 is still missing");

    clock.advance(REST_OF_TIMEOUT);
    OrderingGaps.Advance skipped = partly.gaps().advance(3, List.of(5L), clock.millis());
    assertEquals(5, skipped.upTo(), "4 has been missing since the first look");
  }

  @Test
  void aLaterGapSeenAtTheSameTimeTimesOutWithTheFirst() {
    long firstLook = clock.millis();
    OrderingGaps.Advance first = OrderingGaps.none(TIMEOUT).advance(0, List.of(2L, 4L), firstLook);
    assertEquals(0, first.upTo());

    clock.advance(TIMEOUT);
    OrderingGaps.Advance skipped = first.gaps().advance(0, List.of(2L, 4L, 5L), clock.millis());
    assertEquals(5, skipped.upTo());
    assertEquals(
        List.of(new OrderingGaps.Gap(1, 1, firstLook), new OrderingGaps.Gap(3, 3, firstLook)), skipped.skipped());
  }

  @Test
  void aGapFirstSeenLaterWaitsItsOwnTimeout() {
    OrderingGaps.Advance first = OrderingGaps.none(TIMEOUT).advance(0, List.of(2L), clock.millis());

    clock.advance(LESS_THAN_TIMEOUT);
    OrderingGaps.Advance second = first.gaps().advance(0, List.of(2L, 4L), clock.millis());
    assertEquals(0, second.upTo());

    clock.advance(REST_OF_TIMEOUT);
    OrderingGaps.Advance third = second.gaps().advance(0, List.of(2L, 4L), clock.millis());
    assertEquals(2, third.upTo(), "1 timed out; 3 was first seen only 1 s ago");

    clock.advance(LESS_THAN_TIMEOUT);
    assertEquals(4, third.gaps().advance(2, List.of(4L), clock.millis()).upTo());
  }
}
