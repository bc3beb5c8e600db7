package dev.parley.node.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * How far the projection may advance through the journal's {@code ordering} values, which are
 * handed out when a journal transaction inserts but become visible when it commits. A lower value
 * can therefore appear after a higher one is already visible, and an offset that moved past the
 * missing value would never project that event. A missing value is usually such a transaction still
 * in flight, but a rolled-back insert leaves it missing for good; so the projection stops before a
 * missing value, and moves past it only once it has been missing for longer than {@code timeout}.
 *
 * <p>Immutable: each look at the journal returns the next value. The first-seen times live in
 * memory only; after a restart a gap is waited for once more, which delays but never loses.
 *
 * @param seen the gaps waited for, by their first missing value
 */
public record OrderingGaps(Duration timeout, NavigableMap<Long, Gap> seen) {

  /** The missing values {@code first..last}, missing since {@code firstSeenMillis}. */
  public record Gap(long first, long last, long firstSeenMillis) {}

  /**
   * @param upTo the highest ordering that may be projected now (the offset itself: nothing)
   * @param skipped gaps given up on in this step, to be reported
   */
  public record Advance(long upTo, OrderingGaps gaps, List<Gap> skipped) {}

  public OrderingGaps {
    seen = Collections.unmodifiableNavigableMap(new TreeMap<>(seen));
  }

  public static OrderingGaps none(Duration timeout) {
    return new OrderingGaps(timeout, new TreeMap<>());
  }

  /**
   * @param offset the last ordering projected
   * @param orderings the orderings now visible after {@code offset}, ascending
   * @param nowMillis the time of this look
   */
  public Advance advance(long offset, List<Long> orderings, long nowMillis) {
    NavigableMap<Long, Gap> waiting = new TreeMap<>();
    List<Gap> skipped = new ArrayList<>();
    long expected = offset + 1;
    long upTo = offset;
    boolean blocked = false;
    for (long ordering : orderings) {
      if (ordering > expected) {
        Gap gap = new Gap(expected, ordering - 1, firstSeen(expected, nowMillis));
        if (!blocked && nowMillis - gap.firstSeenMillis() >= timeout.toMillis()) {
          skipped.add(gap);
        } else {
          blocked = true;
          waiting.put(gap.first(), gap);
        }
      }
      if (!blocked) {
        upTo = ordering;
      }
      expected = ordering + 1;
    }
    return new Advance(upTo, new OrderingGaps(timeout, waiting), List.copyOf(skipped));
  }

  /** A value that was already missing in an earlier look keeps that look's time. */
  private long firstSeen(long missing, long nowMillis) {
    Map.Entry<Long, Gap> earlier = seen.floorEntry(missing);
    if (earlier != null && earlier.getValue().last() >= missing) {
      return earlier.getValue().firstSeenMillis();
    }
    return nowMillis;
  }
}
