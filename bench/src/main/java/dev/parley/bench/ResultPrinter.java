package dev.parley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;

/** Writes a {@link BenchResult} as a table for people or as JSON for scripts ({@code --json}). */
final class ResultPrinter {
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ResultPrinter() {}

  static void print(BenchResult r, boolean json, PrintStream out) {
    if (json) {
      try {
        out.println(MAPPER.writeValueAsString(r));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode the result", e);
      }
      return;
    }
    out.printf("scenario            %s against %s%n", r.scenario(), r.url());
    out.printf("shape               %d channels x %d members, %d writers, %s%n", r.channels(), r.membersPerChannel(), r.writers(), r.pacing());
    out.printf("measured            %.1f s (after warm-up)%n", r.seconds());
    out.printf("posts sent / acked  %d / %d%n", r.postsSent(), r.postsAcked());
    out.printf("acked posts/s       %.0f%n", r.ackedPerSecond());
    out.printf("deliveries/s        %.0f (%d deliveries)%n", r.deliveriesPerSecond(), r.deliveries());
    out.printf("errors              %d%s%n", r.errors(), r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
    out.printf("missing / duplicate / unexpected deliveries  %d / %d / %d%n",
        r.missingDeliveries(), r.duplicateDeliveries(), r.unexpectedDeliveries());
    out.printf("%-20s %8s %8s %8s %8s %8s %8s %9s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max", "mean", "count");
    row(out, "post -> ok", r.ackLatency());
    row(out, "post -> all members", r.deliveryLatency());
  }

  private static void row(PrintStream out, String name, Latency l) {
    out.printf("%-20s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9d%n", name, l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean(), l.count());
  }
}
