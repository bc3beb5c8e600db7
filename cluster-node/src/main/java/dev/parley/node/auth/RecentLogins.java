package dev.parley.node.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which addresses logged in to which account lately: the account's owner at a place they use
 * keeps getting in while guessers elsewhere have spent the account's budget. Bounded: past
 * {@code tracked} pairs the one unused longest is forgotten.
 */
final class RecentLogins {
  private record Key(String account, String address) {}

  private final long forNanos;
  private final LongSupplier nanoTime;
  private final Map<Key, Long> loggedInAt;

  RecentLogins(Duration forHowLong, int tracked, LongSupplier nanoTime) {
    this.forNanos = forHowLong.toNanos();
    this.nanoTime = nanoTime;
    this.loggedInAt =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > tracked;
          }
        };
  }

  synchronized void remember(String account, String address) {
    loggedInAt.put(new Key(account, address), nanoTime.getAsLong());
  }

  synchronized boolean contains(String account, String address) {
    Key key = new Key(account, address);
    Long at = loggedInAt.get(key);
    if (at == null) {
      return false;
    }
    if (nanoTime.getAsLong() - at > forNanos) {
      loggedInAt.remove(key);
      return false;
    }
    return true;
  }
}
