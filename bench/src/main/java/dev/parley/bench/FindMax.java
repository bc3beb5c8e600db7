package dev.parley.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleFunction;

/**
 * Searches for the highest open-loop rate the server sustains: doubles the rate from the start
 * rate while steps are sustained, then bisects between the last sustained and the first failed
 * rate. A step is sustained when it had no errors, lost no delivery, acknowledged at least {@code
 * minAckedRatio} of its rate, and kept post -> ok p99 under {@code maxP99}. Each step is a fresh
 * {@link LoadRun} (own users and channels), so one overloaded step does not leave a backlog for the
 * next.
 */
public final class FindMax {
  /** The search's knobs (see {@link FindMaxOptions}). */
  public record Settings(
      double startRate, int bisectSteps, int maxSteps, Duration stepWarmup, Duration stepDuration, Duration maxP99, double minAckedRatio) {}

  private FindMax() {}

  /**
   * {@code shape} gives the channels, members, writers and text, and its warm-up, which the first
   * step runs before its own, so the search does not start on a cold server; its pacing and duration
   * are replaced per step.
   */
  public static FindMaxResult search(ScenarioConfig shape, Settings settings, PrintStream progress) {
    AtomicBoolean first = new AtomicBoolean(true);
    return search(shape, settings, rate -> LoadRun.run(stepConfig(shape, settings, rate, first.getAndSet(false)), progress), progress);
  }

  /** The search itself, with how a step runs left to the caller (tests run it without a server). */
  static FindMaxResult search(ScenarioConfig shape, Settings settings, DoubleFunction<BenchResult> runStep, PrintStream progress) {
    List<FindMaxResult.Step> steps = new ArrayList<>();
    List<Timeline.Sample> samples = new ArrayList<>();
    double good = 0;
    double bad = Double.NaN;
    double rate = settings.startRate();
    while (Double.isNaN(bad) && steps.size() < settings.maxSteps()) {
      if (step(settings, rate, runStep, steps, samples, progress)) {
        good = rate;
        rate *= 2;
      } else {
        bad = rate;
      }
    }
    for (int i = 0; i < settings.bisectSteps() && !Double.isNaN(bad) && steps.size() < settings.maxSteps(); i++) {
      double middle = (good + bad) / 2;
      if (step(settings, middle, runStep, steps, samples, progress)) {
        good = middle;
      } else {
        bad = middle;
      }
    }
    return new FindMaxResult("throughput --find-max", shape.describeUrls(), shape.channels(), shape.membersPerChannel(),
        shape.writers(), good, Double.isNaN(bad) ? -1 : bad, steps, new Timeline(samples));
  }

  static ScenarioConfig stepConfig(ScenarioConfig shape, Settings settings, double rate, boolean first) {
    Duration warmup = first ? shape.warmup().plus(settings.stepWarmup()) : settings.stepWarmup();
    return new ScenarioConfig(shape.scenario(), shape.urls(), shape.channels(), shape.membersPerChannel(),
        shape.writers(), new Pacing.OpenLoop(rate), warmup, settings.stepDuration(), shape.textChars(), shape.timeout());
  }

  private static boolean step(
      Settings settings, double rate, DoubleFunction<BenchResult> runStep, List<FindMaxResult.Step> steps, List<Timeline.Sample> samples,
      PrintStream progress) {
    progress.printf("find-max step %d: %.0f posts/s%n", steps.size() + 1, rate);
    BenchResult r = runStep.apply(rate);
    boolean sustained = r.correct()
        && r.ackedPerSecond() >= settings.minAckedRatio() * rate
        && r.ackLatency().p99() <= settings.maxP99().toMillis();
    steps.add(new FindMaxResult.Step(rate, r.ackedPerSecond(), r.deliveriesPerSecond(), r.ackLatency().p99(), r.deliveryLatency().p99(),
        r.errors(), r.missingDeliveries(), r.duplicateDeliveries() + r.unexpectedDeliveries(), sustained));
    progress.printf("find-max step %d: %.0f posts/s %s (acked %.0f/s, post -> ok p99 %.1f ms, errors %d)%n",
        steps.size(), rate, sustained ? "sustained" : "NOT sustained", r.ackedPerSecond(), r.ackLatency().p99(), r.errors());
    double offset = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).seconds();
    for (Timeline.Sample s : r.timeline().samples()) {
      Map<String, Double> rates = new LinkedHashMap<>(s.rates());
      rates.put("target posts/s", rate);
      samples.add(new Timeline.Sample(offset + s.seconds(), rates, s.latencyMs()));
    }
    return sustained;
  }
}
