package dev.parley.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * What {@code throughput --find-max} found: {@code maxSustainedRate}, the highest rate of a
 * sustained step (0 if none was), and {@code firstFailedRate}, the lowest rate that was not (-1 if
 * every step was sustained: the search hit its step limit first).
 */
public record FindMaxResult(
    String scenario,
    String url,
    int channels,
    int membersPerChannel,
    int writers,
    double maxSustainedRate,
    double firstFailedRate,
    List<Step> steps,
    Timeline timeline) implements Report {

  /** One step of the search. */
  public record Step(
      double rate, double ackedPerSecond, double deliveriesPerSecond, double ackP99Ms, double deliveryP99Ms, long errors,
      long missingDeliveries, long duplicateOrUnexpected, boolean sustained) {}

  /**
   * A maximum was found and no step delivered a post twice or one never sent. Errors and missing
   * deliveries in an overloaded step are what "not sustained" means, not a failed search.
   */
  @Override
  public boolean correct() {
    return maxSustainedRate > 0 && steps.stream().allMatch(s -> s.duplicateOrUnexpected() == 0);
  }

  @Override
  public void printTable(PrintStream out) {
    out.printf("scenario            throughput --find-max against %s%n", url);
    out.printf("shape               %d channels x %d members, %d writers, open loop%n", channels, membersPerChannel, writers);
    out.printf("max sustained       %.0f posts/s%s%n", maxSustainedRate,
        firstFailedRate < 0 ? " (every step sustained: raise --max-steps)" : String.format(" (%.0f/s was not)", firstFailedRate));
    out.printf("  %4s %10s %12s %14s %12s %12s %7s %8s %5s %s%n",
        "step", "rate", "acked/s", "deliveries/s", "ok p99 ms", "all p99 ms", "errors", "missing", "dup", "sustained");
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      out.printf("  %4d %10.0f %12.0f %14.0f %12.1f %12.1f %7d %8d %5d %s%n", i + 1, s.rate(), s.ackedPerSecond(), s.deliveriesPerSecond(),
          s.ackP99Ms(), s.deliveryP99Ms(), s.errors(), s.missingDeliveries(), s.duplicateOrUnexpected(), s.sustained() ? "yes" : "no");
    }
  }
}
