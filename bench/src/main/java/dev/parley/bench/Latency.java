package dev.parley.bench;

import java.io.PrintStream;
import org.HdrHistogram.Histogram;

/** Percentiles of one latency histogram, in milliseconds. */
public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
  private static final double MICROS_PER_MILLI = 1000.0;

  /** From a histogram recorded in microseconds. */
  static Latency of(Histogram micros) {
    return new Latency(
        micros.getTotalCount(),
        ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)),
        ms(micros.getValueAtPercentile(99)),
        ms(micros.getValueAtPercentile(99.9)),
        ms(micros.getMaxValue()),
        micros.getTotalCount() == 0 ? 0 : micros.getMean() / MICROS_PER_MILLI);
  }

  static void printHeader(PrintStream out) {
    out.printf("%-20s %8s %8s %8s %8s %8s %8s %9s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max", "mean", "count");
  }

  void printRow(PrintStream out, String name) {
    out.printf("%-20s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9d%n", name, p50, p90, p99, p999, max, mean, count);
  }

  private static double ms(long micros) {
    return micros / MICROS_PER_MILLI;
  }
}
