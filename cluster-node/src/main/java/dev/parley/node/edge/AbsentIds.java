package dev.parley.node.edge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Entity ids that named nothing lately, remembered by this node so that asking for them again
 * costs no entity start and no journal read: a random id sent again and again, or again after its
 * empty entity was passivated, would otherwise read the journal every time. Only an entity's own
 * "never created" counts, never a refusal that hides something that exists.
 *
 * <p>An id is forgotten when this node creates its entity, and after {@code ttl} at the latest,
 * which bounds how long an entity created through another node (a DM opened there) stays unknown
 * here. An answer that was under way while this node created anything is not remembered, so a
 * "never created" that raced a creation cannot outlive it. At most {@code capacity} ids are kept;
 * as all live equally long, the oldest goes first.
 */
final class AbsentIds {
  private final int capacity;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  /** Id to the time it is forgotten, oldest first. */
  private final Map<String, Long> forgetAt;
  /** Bumped by every creation: an answer asked for before one may be stale. */
  private long creations;

  AbsentIds(int capacity, Duration ttl, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
    this.forgetAt =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > AbsentIds.this.capacity;
          }
        };
  }

  /** Whether {@code id} named nothing within the last {@code ttl}. */
  synchronized boolean isAbsent(String id) {
    Long until = forgetAt.get(id);
    if (until == null) {
      return false;
    }
    if (nanoTime.getAsLong() - until >= 0) {
      forgetAt.remove(id);
      return false;
    }
    return true;
  }

  /** What to hand back to {@link #remember} with the answer of an ask started now. */
  synchronized long ticket() {
    return creations;
  }

  /** The entity said it was never created, in answer to an ask whose {@link #ticket} this was. */
  synchronized void remember(String id, long ticket) {
    if (ticket != creations) {
      return;
    }
    forgetAt.remove(id);
    forgetAt.put(id, nanoTime.getAsLong() + ttlNanos);
  }

  /** This node creates (or created) the entity {@code id}. */
  synchronized void forget(String id) {
    creations++;
    forgetAt.remove(id);
  }
}
