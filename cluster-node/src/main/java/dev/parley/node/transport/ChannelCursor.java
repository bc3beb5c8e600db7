package dev.parley.node.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Delivery of one channel to one connection: every event exactly once, in seq order. Live events
 * that arrive ahead of a hole wait here while the hole is fetched from the log; events already
 * delivered are dropped. Once anything waits, events are released only as far as the socket has
 * {@code room}, so that a long replay goes out at the client's pace instead of overflowing its
 * queue. {@code E}: an event as the connection keeps it (with its frame). Not thread-safe: owned
 * by one connection's {@link Outbox}.
 */
final class ChannelCursor<E> {

  /** A range of seqs to fetch from the log, both ends inclusive. */
  record Missing(long fromSeq, long toSeq) {
    long count() {
      return toSeq - fromSeq + 1;
    }

    /** The first {@code count} seqs of this range (all of it if shorter). */
    Missing first(long count) {
      return new Missing(fromSeq, Math.min(toSeq, fromSeq + count - 1));
    }
  }

  private long delivered;
  private long head;
  private boolean filling;
  private final TreeMap<Long, E> waiting = new TreeMap<>();
  private final ToLongFunction<E> seqOf;

  /** {@code delivered}: the highest seq the client already has. */
  ChannelCursor(long delivered, ToLongFunction<E> seqOf) {
    this.delivered = delivered;
    this.head = delivered;
    this.seqOf = seqOf;
  }

  long delivered() {
    return delivered;
  }

  /**
   * A live event; returns what can be delivered now, in order: the event itself when nothing waits
   * (whatever the room), else at most {@code room} events.
   */
  List<E> offer(E event, int room) {
    long seq = seqOf.applyAsLong(event);
    if (waiting.isEmpty()) {
      // The live path of almost every delivery: the next event, nothing held back.
      if (seq == delivered + 1) {
        delivered = seq;
        head = Math.max(head, seq);
        return List.of(event);
      }
      if (seq <= delivered) {
        return List.of();
      }
    }
    int limit = waiting.isEmpty() ? Integer.MAX_VALUE : room;
    if (seq > delivered) {
      waiting.put(seq, event);
      head = Math.max(head, seq);
    }
    return drain(limit);
  }

  /** The log is known to reach {@code lastSeq}. */
  void headAt(long lastSeq) {
    head = Math.max(head, lastSeq);
  }

  /** The hole to fetch next, if there is one and no fetch is under way. */
  Optional<Missing> missing() {
    if (filling || head <= delivered) {
      return Optional.empty();
    }
    long to = waiting.isEmpty() ? head : waiting.firstKey() - 1;
    return to > delivered ? Optional.of(new Missing(delivered + 1, to)) : Optional.empty();
  }

  void fillStarted() {
    filling = true;
  }

  /** Events fetched from the log; returns at most {@code room} of what can be delivered now, in order. */
  List<E> filled(List<E> events, int room) {
    filling = false;
    for (E event : events) {
      long seq = seqOf.applyAsLong(event);
      if (seq > delivered) {
        waiting.put(seq, event);
      }
    }
    return drain(room);
  }

  /** The fetch failed: the hole is not fetched again until {@link #retry}. */
  void fillFailed() {
    filling = true;
  }

  void retry() {
    filling = false;
  }

  /**
   * Gives up on everything up to {@code seq}: the client was told to fetch it with history. Returns
   * at most {@code room} of what can be delivered after it.
   */
  List<E> skipTo(long seq, int room) {
    delivered = Math.max(delivered, seq);
    waiting.headMap(delivered, true).clear();
    return drain(room);
  }

  /** At most {@code room} of the events held back for want of room. */
  List<E> release(int room) {
    return drain(room);
  }

  /** Events are ready to go and wait only for room. */
  boolean ready() {
    return !waiting.isEmpty() && waiting.firstKey() == delivered + 1;
  }

  /** Everything the log is known to hold went out: nothing to fetch, nothing held. */
  boolean caughtUp() {
    return waiting.isEmpty() && head <= delivered;
  }

  /** Events held here: ready, or ahead of a hole. */
  int held() {
    return waiting.size();
  }

  private List<E> drain(int room) {
    if (waiting.isEmpty() || room <= 0) {
      return List.of();
    }
    List<E> ready = new ArrayList<>(1);
    while (ready.size() < room && !waiting.isEmpty() && waiting.firstKey() == delivered + 1) {
      ready.add(waiting.pollFirstEntry().getValue());
      delivered++;
    }
    waiting.headMap(delivered, true).clear();
    return ready;
  }
}
