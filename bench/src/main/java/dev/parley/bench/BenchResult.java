package dev.parley.bench;

/**
 * What one run measured. Rates and latencies cover the posts scheduled after the warm-up; the
 * correctness counts ({@code missing}, {@code duplicate}, {@code unexpected} deliveries, {@code
 * errors}) cover every post of the run. {@code ackLatency} is post to {@code ok};
 * {@code deliveryLatency} is post to the last member's {@code message.posted}, both from the
 * post's intended send time.
 */
public record BenchResult(
    String scenario,
    String url,
    int channels,
    int membersPerChannel,
    int writers,
    String pacing,
    double seconds,
    long postsSent,
    long postsAcked,
    long deliveries,
    double ackedPerSecond,
    double deliveriesPerSecond,
    long errors,
    String firstError,
    long missingDeliveries,
    long duplicateDeliveries,
    long unexpectedDeliveries,
    Latency ackLatency,
    Latency deliveryLatency) {

  /** No errors, and every acknowledged post reached every member exactly once. */
  public boolean correct() {
    return errors == 0 && missingDeliveries == 0 && duplicateDeliveries == 0 && unexpectedDeliveries == 0;
  }
}
