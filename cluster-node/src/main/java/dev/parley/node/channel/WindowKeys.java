package dev.parley.node.channel;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of the messages a {@link Channel} holds in memory, so that serving its recent window
 * opens posts without a query. Soft state of the entity, never in a snapshot: after a recovery the
 * keys a read needs are loaded in one query. Which seqs have no key any more is remembered too, so
 * an erased message is not asked for again.
 *
 * <p>An erasure decided elsewhere (an account deleted, retention) deletes the rows first and then
 * tells the channel to {@link #forgetAuthor forget}; a load that was already on its way could bring
 * a deleted key back, so every forgetting starts a new generation and a load from an older one is
 * not kept.
 */
final class WindowKeys {
  private final Map<Long, MessageKey> keys = new HashMap<>();
  private final Set<Long> absent = new TreeSet<>();
  private long generation;

  long generation() {
    return generation;
  }

  MessageKey get(long seq) {
    return keys.get(seq);
  }

  /** Whether the key of {@code seq} is known to be gone. */
  boolean isErased(long seq) {
    return absent.contains(seq);
  }

  /** The keys that sealed events among {@code events} need and that are neither held nor known gone. */
  Set<Long> missing(List<ChannelEvent.Sequenced> events) {
    Set<Long> missing = SealedEvents.keysNeeded(events);
    missing.removeIf(seq -> keys.containsKey(seq) || absent.contains(seq));
    return missing;
  }

  /** {@code events} opened with the keys held; call once none is {@link #missing}. */
  List<ChannelEvent.Sequenced> open(String channelId, List<ChannelEvent.Sequenced> events) {
    return SealedEvents.open(channelId, events, keys);
  }

  void remember(Collection<MessageKey> written) {
    written.forEach(key -> keys.put(key.seq(), key));
  }

  /** Keeps a load's answer for {@code asked}, unless something was forgotten since it was asked for. */
  boolean loaded(long askedInGeneration, Collection<Long> asked, Map<Long, MessageKey> found) {
    if (askedInGeneration != generation) {
      return false;
    }
    for (long seq : asked) {
      MessageKey key = found.get(seq);
      if (key != null) {
        keys.put(seq, key);
      } else {
        absent.add(seq);
      }
    }
    return true;
  }

  void forget(long seq) {
    keys.remove(seq);
    absent.add(seq);
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
      Set<Long> needed = SealedEvents.keysNeeded(window.asList());
      keys.keySet().retainAll(needed);
      absent.retainAll(needed);
    }
  }
}
