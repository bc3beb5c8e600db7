package dev.parley.node.faults;

import java.util.List;

/**
 * A least-squares line through samples taken at {@code minutesAt}, and how much it may rise over
 * the run before it counts as rising rather than noise: {@code share} of its mean or {@code floor},
 * whichever is larger.
 */
record Trend(String name, double mean, double slopePerMinute, double minutes, double share, double floor) {

  static Trend of(String name, List<Double> minutesAt, List<Double> values, double share, double floor) {
    int n = values.size();
    double meanX = minutesAt.stream().mapToDouble(d -> d).average().orElse(0);
    double meanY = values.stream().mapToDouble(d -> d).average().orElse(0);
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < n; i++) {
      covariance += (minutesAt.get(i) - meanX) * (values.get(i) - meanY);
      variance += (minutesAt.get(i) - meanX) * (minutesAt.get(i) - meanX);
    }
    double span = n < 2 ? 0 : minutesAt.get(n - 1) - minutesAt.get(0);
    return new Trend(name, meanY, variance == 0 ? 0 : covariance / variance, span, share, floor);
  }

  boolean flat() {
    return slopePerMinute * minutes <= Math.max(share * mean, floor);
  }

  @Override
  public String toString() {
    return String.format("%s mean %.1f slope %+.2f/min", name, mean, slopePerMinute);
  }
}
