package dev.parley.bench;

import java.util.List;
import java.util.Map;

/**
 * What a run looked like second by second, for {@code --plot} and {@code --json}: rates (per
 * second over the interval) and latency percentiles (milliseconds, of what completed in the
 * interval), keyed by series name. Series keep their insertion order.
 */
public record Timeline(List<Sample> samples) {

  /** One interval, {@code seconds} after the load started. */
  public record Sample(double seconds, Map<String, Double> rates, Map<String, Double> latencyMs) {}

  public Timeline {
    samples = List.copyOf(samples);
  }

  static Timeline empty() {
    return new Timeline(List.of());
  }
}
