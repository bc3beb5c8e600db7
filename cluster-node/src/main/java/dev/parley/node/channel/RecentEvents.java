package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * The newest channel events, contiguous by seq, capped: serves recent history and resume replay
 * without a journal read. Persistent (structurally shared) so that appending does not copy.
 */
public final class RecentEvents {
  private static final RecentEvents EMPTY = new RecentEvents(TreePVector.empty());

  private final PVector<ChannelEvent.Sequenced> events;

  private RecentEvents(PVector<ChannelEvent.Sequenced> events) {
    this.events = events;
  }

  public static RecentEvents empty() {
    return EMPTY;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RecentEvents of(List<ChannelEvent.Sequenced> events) {
    return new RecentEvents(TreePVector.from(events));
  }

  @JsonValue
  List<ChannelEvent.Sequenced> asList() {
    return events;
  }

  public RecentEvents append(ChannelEvent.Sequenced event, int capacity) {
    PVector<ChannelEvent.Sequenced> next = events.plus(event);
    while (next.size() > capacity) {
      next = next.minus(0);
    }
    return new RecentEvents(next);
  }

  /** The lowest seq held, or {@code Long.MAX_VALUE} when empty. */
  public long firstSeq() {
    return events.isEmpty() ? Long.MAX_VALUE : events.get(0).seq();
  }

  /** Whether every seq from {@code fromSeq} up to the newest is held. */
  public boolean covers(long fromSeq) {
    return fromSeq >= firstSeq();
  }

  /** The events with {@code fromSeq <= seq <= toSeq}; the range must be covered. */
  public List<ChannelEvent.Sequenced> range(long fromSeq, long toSeq) {
    if (toSeq < fromSeq || events.isEmpty()) {
      return List.of();
    }
    long first = firstSeq();
    int from = (int) (fromSeq - first);
    int to = (int) Math.min(toSeq - first, events.size() - 1);
    return List.copyOf(events.subList(from, to + 1));
  }

  public int size() {
    return events.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecentEvents other && events.equals(other.events);
  }

  @Override
  public int hashCode() {
    return events.hashCode();
  }
}
