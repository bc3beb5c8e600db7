package dev.parley.node.auth;

import java.time.Duration;

/**
 * How many failed logins one key (an account, an address, or both) may have: {@code failures} at
 * once, and one more back every {@code refillEvery}, so a key that stops failing is whole again
 * after {@code failures * refillEvery}.
 */
public record FailureBudget(int failures, Duration refillEvery) {
  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  public FailureBudget {
    if (failures < 1 || refillEvery.isZero() || refillEvery.isNegative()) {
      throw new IllegalArgumentException("a failure budget needs at least one failure and a positive refill time");
    }
  }

  double refillPerSecond() {
    return NANOS_PER_SECOND / refillEvery.toNanos();
  }
}
