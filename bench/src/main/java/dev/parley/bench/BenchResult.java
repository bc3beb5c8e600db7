package dev.parley.bench;

import java.io.PrintStream;

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
    Latency deliveryLatency,
    Timeline timeline) implements Report {

  /** No errors, and every acknowledged post reached every member exactly once. */
  public boolean correct() {
    return errors == 0 && missingDeliveries == 0 && duplicateDeliveries == 0 && unexpectedDeliveries == 0;
  }

  @Override
  public void printTable(PrintStream out) {
    out.printf("scenario            %s against %s%n", scenario, url);
    out.printf("shape               %d channels x %d members, %d writers, %s%n", channels, membersPerChannel, writers, pacing);
    out.printf("measured            %.1f s (after warm-up)%n", seconds);
    out.printf("posts sent / acked  %d / %d%n", postsSent, postsAcked);
    out.printf("acked posts/s       %.0f%n", ackedPerSecond);
    out.printf("deliveries/s        %.0f (%d deliveries)%n", deliveriesPerSecond, deliveries);
    out.printf("errors              %d%s%n", errors, firstError == null ? "" : " (first: " + firstError + ")");
    out.printf("missing / duplicate / unexpected deliveries  %d / %d / %d%n",
        missingDeliveries, duplicateDeliveries, unexpectedDeliveries);
    Latency.printHeader(out);
    ackLatency.printRow(out, "post -> ok");
    deliveryLatency.printRow(out, "post -> all members");
  }
}
