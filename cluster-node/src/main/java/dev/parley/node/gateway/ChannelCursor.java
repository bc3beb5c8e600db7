package dev.parley.node.gateway;

import dev.parley.node.channel.ChannelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Delivery of one channel to one connection: every event exactly once, in seq order. Live events
 * that arrive ahead of a hole wait here while the hole is fetched from the log; events already
 * delivered are dropped. Not thread-safe: owned by one connection actor.
 */
final class ChannelCursor {

  /** A range of seqs to fetch from the log, both ends inclusive. */
  record Missing(long fromSeq, long toSeq) {
    long count() {
      return toSeq - fromSeq + 1;
    }
  }

  private long delivered;
  private long head;
  private boolean filling;
  private final TreeMap<Long, ChannelEvent.Sequenced> waiting = new TreeMap<>();

  /** {@code delivered}: the highest seq the client already has. */
  ChannelCursor(long delivered) {
    this.delivered = delivered;
    this.head = delivered;
  }

  long delivered() {
    return delivered;
  }

  /** A live event; returns what can be delivered now, in order. */
  List<ChannelEvent.Sequenced> offer(ChannelEvent.Sequenced event) {
    if (event.seq() > delivered) {
      waiting.put(event.seq(), event);
      head = Math.max(head, event.seq());
    }
    return drain();
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

  /** Events fetched from the log; returns what can be delivered now, in order. */
  List<ChannelEvent.Sequenced> filled(List<ChannelEvent.Sequenced> events) {
    filling = false;
    for (ChannelEvent.Sequenced event : events) {
      if (event.seq() > delivered) {
        waiting.put(event.seq(), event);
      }
    }
    return drain();
  }

  void fillFailed() {
    filling = false;
  }

  /**
   * Gives up on everything up to {@code seq}: the client was told to fetch it with history. Returns
   * what can be delivered after it.
   */
  List<ChannelEvent.Sequenced> skipTo(long seq) {
    delivered = Math.max(delivered, seq);
    waiting.headMap(delivered, true).clear();
    return drain();
  }

  private List<ChannelEvent.Sequenced> drain() {
    List<ChannelEvent.Sequenced> ready = new ArrayList<>();
    while (!waiting.isEmpty() && waiting.firstKey() == delivered + 1) {
      ready.add(waiting.pollFirstEntry().getValue());
      delivered++;
    }
    waiting.headMap(delivered, true).clear();
    return ready;
  }
}
