package dev.parley.cli;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts: the first retry at once (a node drained or a connection
 * dropped once), then {@code initial}, doubling up to {@code max}, each with up to 25 % random
 * jitter so that many clients do not come back in step.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;
  private int failures;

  Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  Duration next() {
    int n = failures++;
    if (n == 0) {
      return Duration.ZERO;
    }
    long base = initial.toMillis() << Math.min(n - 1, 20);
    long capped = Math.min(base, max.toMillis());
    return Duration.ofMillis(capped + (long) (capped * 0.25 * random.getAsDouble()));
  }

  void reset() {
    failures = 0;
  }
}
