package dev.parley.node.auth;

import dev.parley.node.TokenBucket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: {@code register} attempts per client address, failed logins (see
 * {@link LoginThrottle}), and {@code /v1/api} calls per user. Buckets that filled up again are
 * forgotten when the table grows, so memory stays bounded by the keys active within one refill.
 */
public final class AttemptThrottle {
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final double perSecond;
  private final int burst;
  private final int maxTracked;
  private final LongSupplier nanoTime;

  public AttemptThrottle(double perSecond, int burst, int maxTracked, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxTracked = maxTracked;
    this.nanoTime = nanoTime;
  }

  /** 0 when the attempt may go ahead; otherwise the seconds to wait ({@code Retry-After}). */
  public long attempt(String key) {
    if (buckets.size() > maxTracked) {
      buckets.values().removeIf(bucket -> {
        synchronized (bucket) {
          return bucket.isFull();
        }
      });
    }
    TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, nanoTime));
    synchronized (bucket) {
      return bucket.tryTake() ? 0 : Math.max(1, bucket.secondsUntilNext());
    }
  }

  /** Returns the token an {@link #attempt} took, when that attempt turned out not to count. */
  public void giveBack(String key) {
    TokenBucket bucket = buckets.get(key);
    if (bucket != null) {
      synchronized (bucket) {
        bucket.giveBack();
      }
    }
  }
}
