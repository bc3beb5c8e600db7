package dev.parley.node.faults;

import java.util.List;

/** A least-squares line through samples taken at minutes {@code x}: is the quantity flat? */
record Trend(String name, double mean, double slopePerMinute, double minutes) {

  static Trend of(String name, List<Double> minutesAt, List<Double> values) {
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
    return new Trend(name, meanY, variance == 0 ? 0 : covariance / variance, span);
  }

  /** Flat when the line rises less than {@code share} of the mean (or {@code floor}) over the run. */
  boolean flat(double share, double floor) {
    return slopePerMinute * minutes <= Math.max(share * mean, floor);
  }

  @Override
  public String toString() {
    return String.format("%s mean %.1f slope %+.2f/min", name, mean, slopePerMinute);
  }
}
