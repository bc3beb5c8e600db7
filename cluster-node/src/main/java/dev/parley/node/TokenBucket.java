package dev.parley.node;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, up to {@code burst}; each request takes
 * one. Not thread-safe: one owner (a connection actor) or external locking.
 */
public final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  private final double ratePerSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long updatedAt;

  public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.updatedAt = nanoTime.getAsLong();
  }

  /** Takes a token if there is one. */
  public boolean tryTake() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Puts back a token that was taken for something that turned out not to count. */
  public void giveBack() {
    refill();
    tokens = Math.min(burst, tokens + 1);
  }

  /** Seconds until the next token, rounded up: the {@code Retry-After} of a refused request. */
  public long secondsUntilNext() {
    refill();
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerSecond);
  }

  /** Whether the bucket is full again, so forgetting it loses nothing. */
  public boolean isFull() {
    refill();
    return tokens >= burst;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - updatedAt) / NANOS_PER_SECOND * ratePerSecond);
    updatedAt = now;
  }
}
