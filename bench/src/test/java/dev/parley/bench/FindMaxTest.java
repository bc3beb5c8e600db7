package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search, against a pretend server that keeps up with a given rate and falls behind above it. */
class FindMaxTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final ScenarioConfig SHAPE = new ScenarioConfig("throughput", List.of(URI.create("http://127.0.0.1:1")), 1, 1, 1,
      new Pacing.OpenLoop(1), Duration.ZERO, Duration.ofSeconds(1), 8, Duration.ofSeconds(1));
  private static final Duration MAX_P99 = Duration.ofMillis(500);

  @Test
  void doublesWhileSustainedThenBisects() {
    FindMaxResult result = FindMax.search(SHAPE, settings(3, 12), rate -> server(700, rate), QUIET);

    assertEquals(List.of(100.0, 200.0, 400.0, 800.0, 600.0, 700.0, 750.0), result.steps().stream().map(FindMaxResult.Step::rate).toList());
    assertEquals(700, result.maxSustainedRate());
    assertEquals(750, result.firstFailedRate());
    assertTrue(result.correct());
  }

  @Test
  void aStepWithHighP99IsNotSustainedEvenIfEveryPostWasAcked() {
    FindMaxResult result = FindMax.search(SHAPE, settings(0, 12), rate -> step(rate, rate, rate >= 400 ? 900 : 10, 0), QUIET);

    assertEquals(200, result.maxSustainedRate());
    assertEquals(400, result.firstFailedRate());
  }

  @Test
  void errorsMeanNotSustained() {
    FindMaxResult result = FindMax.search(SHAPE, settings(0, 12), rate -> step(rate, rate, 10, rate >= 200 ? 1 : 0), QUIET);

    assertEquals(100, result.maxSustainedRate());
  }

  @Test
  void nothingSustainedIsNoMaximum() {
    FindMaxResult result = FindMax.search(SHAPE, settings(2, 12), rate -> server(10, rate), QUIET);

    assertEquals(0, result.maxSustainedRate());
    assertFalse(result.correct(), "no maximum found");
  }

  @Test
  void stopsAtTheStepLimit() {
    FindMaxResult result = FindMax.search(SHAPE, settings(3, 4), rate -> server(1_000_000, rate), QUIET);

    assertEquals(4, result.steps().size());
    assertEquals(800, result.maxSustainedRate());
    assertEquals(-1, result.firstFailedRate(), "no rate failed");
  }

  @Test
  void theFirstStepRunsTheWarmUpBeforeItsOwnAndNoLaterStepDoes() {
    ScenarioConfig shape = new ScenarioConfig("throughput", List.of(URI.create("http://127.0.0.1:1")), 1, 1, 1,
        new Pacing.OpenLoop(1), Duration.ofSeconds(60), Duration.ofSeconds(20), 8, Duration.ofSeconds(1));
    FindMax.Settings settings = new FindMax.Settings(500, 3, 8, Duration.ofSeconds(5), Duration.ofSeconds(10), MAX_P99, 0.99);

    ScenarioConfig first = FindMax.stepConfig(shape, settings, 500, true);
    ScenarioConfig later = FindMax.stepConfig(shape, settings, 1000, false);

    assertEquals(Duration.ofSeconds(65), first.warmup());
    assertEquals(Duration.ofSeconds(5), later.warmup());
    assertEquals(Duration.ofSeconds(10), later.duration());
    assertEquals(new Pacing.OpenLoop(1000), later.pacing());
  }

  private static FindMax.Settings settings(int bisectSteps, int maxSteps) {
    return new FindMax.Settings(100, bisectSteps, maxSteps, Duration.ZERO, Duration.ofSeconds(1), MAX_P99, 0.95);
  }

  /** Acks up to {@code capacity} posts/s with low latency; above it acks only the capacity. */
  private static BenchResult server(double capacity, double rate) {
    return step(rate, Math.min(rate, capacity), 10, 0);
  }

  private static BenchResult step(double rate, double acked, double p99, long errors) {
    Latency latency = new Latency(1, p99, p99, p99, p99, p99, p99);
    return new BenchResult("throughput", "http://127.0.0.1:1", 1, 1, 1, "open loop", 1, (long) rate, (long) acked, (long) acked,
        acked, acked, errors, null, 0, 0, 0, latency, latency, Timeline.empty());
  }
}
