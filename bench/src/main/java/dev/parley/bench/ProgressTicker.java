package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The once-a-second side of a run: each second it asks the run for a reading, which prints the
 * progress line and returns the second's sample, and it keeps the samples as the run's timeline
 * ({@code --plot}, {@code --json}). Its one thread also runs a run's timed steps (the failover's kill).
 */
final class ProgressTicker implements AutoCloseable {
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final double NANOS_PER_SECOND = 1e9;

  /** The progress line and sample of the second that just ended, {@code seconds} into the run. */
  @FunctionalInterface
  interface Reading {
    Timeline.Sample read(double seconds);
  }

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<Timeline.Sample> samples = new ArrayList<>();

  /** Starts reading every second; {@code startNanos} ({@link System#nanoTime()}) is the run's time zero. */
  void start(long startNanos, Reading reading) {
    scheduler.scheduleAtFixedRate(
        () -> {
          Timeline.Sample sample = reading.read((System.nanoTime() - startNanos) / NANOS_PER_SECOND);
          synchronized (samples) {
            samples.add(sample);
          }
        },
        INTERVAL.toNanos(),
        INTERVAL.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  /** Runs {@code step} once, {@code delay} from now, on the ticker's thread. */
  <T> Future<T> schedule(Callable<T> step, Duration delay) {
    return scheduler.schedule(step, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  Timeline timeline() {
    synchronized (samples) {
      return new Timeline(samples);
    }
  }

  /** Stops reading; the samples taken stay. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
