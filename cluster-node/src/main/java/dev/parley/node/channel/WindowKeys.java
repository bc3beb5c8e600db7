package dev.parley.node.channel;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the messages a {@link Channel} holds in memory, so that serving its recent window
 * opens posts without a query. Soft state of the entity, never in a snapshot: after a recovery the
 * keys a read needs are loaded in one query. Which keys are gone is remembered too, so an erased
 * message is not asked for again.
 *
 * <p>An erasure decided elsewhere (an account deleted, retention) deletes the rows first and then
 * tells the channel to {@link #forget(String, long) forget}; a load that was already on its way
 * could bring a deleted key back, so every forgetting starts a new generation and a load from an
 * older one is not kept.
 */
final class WindowKeys {
  private final Map<KeyRef, MessageKey> keys = new HashMap<>();
  private final Set<KeyRef> absent = new HashSet<>();
  private long generation;

  long generation() {
    return generation;
  }

  MessageKey get(KeyRef ref) {
    return keys.get(ref);
  }

  /** Whether the key {@code ref} is known to be gone. */
  boolean isErased(KeyRef ref) {
    return absent.contains(ref);
  }

  /** The keys that sealed events among {@code events} need and that are neither held nor known gone. */
  Set<KeyRef> missing(List<ChannelEvent.Sequenced> events) {
    Set<KeyRef> missing = SealedEvents.keysNeeded(events);
    missing.removeIf(ref -> keys.containsKey(ref) || absent.contains(ref));
    return missing;
  }

  /** {@code events} opened with the keys held; call once none is {@link #missing}. */
  List<ChannelEvent.Sequenced> open(String channelId, List<ChannelEvent.Sequenced> events) {
    return SealedEvents.open(channelId, events, keys);
  }

  void remember(Collection<MessageKey> written) {
    written.forEach(key -> keys.put(key.ref(), key));
  }

  /** Keeps a load's answer for {@code asked}, unless something was forgotten since it was asked for. */
  boolean loaded(long askedInGeneration, Collection<KeyRef> asked, Collection<MessageKey> found) {
    if (askedInGeneration != generation) {
      return false;
    }
    Map<KeyRef, MessageKey> byRef = SealedEvents.byRef(found);
    for (KeyRef ref : asked) {
      MessageKey key = byRef.get(ref);
      if (key != null) {
        keys.put(ref, key);
      } else {
        absent.add(ref);
      }
    }
    return true;
  }

  /** Forgets every key of the message at {@code seq}: it was deleted. */
  void forget(long seq) {
    keys.keySet().removeIf(ref -> {
      if (ref.seq() == seq) {
        absent.add(ref);
        return true;
      }
      return false;
    });
  }

  /** Forgets the keys of {@code authorId}'s messages, and of messages posted before {@code beforeTs}. */
  void forget(String authorId, long beforeTs) {
    generation++;
    keys.values().removeIf(key -> key.authorId().equals(authorId) || key.ts() < beforeTs);
  }

  /**
   * Once more than {@code capacity} keys are held, drops those that no event of {@code window} needs
   * (posts that left it; targets of edits that left it): a channel holds about a window's keys.
   */
  void prune(RecentEvents window, int capacity) {
    if (keys.size() + absent.size() > capacity) {
      Set<KeyRef> needed = SealedEvents.keysNeeded(window.asList());
      keys.keySet().retainAll(needed);
      absent.retainAll(needed);
    }
  }
}
