package dev.parley.bench;

import dev.parley.protocol.Limits;
import dev.parley.protocol.MessageRequest;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one scenario: sets up the {@link Fixture}, posts for warm-up plus duration with the
 * configured {@link Pacing}, then stops posting and waits (at most {@link #DRAIN_TIMEOUT}) for the
 * outstanding acks and deliveries before counting. A progress line goes to {@code progress} every
 * second.
 */
public final class LoadRun {
  /** How long after the last post acks and deliveries may still arrive before they count as missing. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  /** How often the drain re-checks what is outstanding, and how long the closed loop naps while it waits for the end. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
  private static final double NANOS_PER_SECOND = 1e9;
  /** Frames a connection may have queued for sending; a writer has at most its in-flight posts queued. */
  private static final int SEND_BUFFER_FRAMES = 4096;

  private final ScenarioConfig config;
  private final DeliveryTracker tracker;
  private final String text;
  private final AtomicLong inFlight = new AtomicLong();
  private final ProgressTicker ticker = new ProgressTicker();
  /** Acks and deliveries at the last progress line (the ticker's thread only). */
  private long lastAcked;
  private long lastDeliveries;
  private volatile boolean stopped;
  private long warmupEnd;

  private LoadRun(ScenarioConfig config) {
    this.config = config;
    this.tracker = new DeliveryTracker(config.membersPerChannel());
    this.text = "x".repeat(config.textChars());
  }

  public static BenchResult run(ScenarioConfig config, PrintStream progress) {
    return new LoadRun(config).execute(progress);
  }

  private BenchResult execute(PrintStream progress) {
    HttpClient http = Identity.httpClient();
    WireCodec codec = new WireCodec(Limits.DEFAULTS);
    try (WebSocketConnector connector = new WebSocketConnector(config.timeout(), SEND_BUFFER_FRAMES);
        Fixture fixture = Fixture.create(config, http, connector, codec, tracker, progress)) {
      List<Fixture.Member> writers = fixture.writers(config.writers());
      long start = System.nanoTime();
      warmupEnd = start + config.warmup().toNanos();
      long end = warmupEnd + config.duration().toNanos();
      ticker.start(start, seconds -> progress(progress, seconds));
      if (config.pacing() instanceof Pacing.OpenLoop open) {
        openLoop(writers, open.postsPerSecond(), start, end);
      } else if (config.pacing() instanceof Pacing.ClosedLoop closed) {
        closedLoop(writers, closed.inFlightPerWriter(), end);
      }
      stopped = true;
      drain();
      ticker.close();
      return result();
    } finally {
      ticker.close();
    }
  }

  private void openLoop(List<Fixture.Member> writers, double postsPerSecond, long start, long end) {
    double periodNanos = NANOS_PER_SECOND / postsPerSecond;
    for (long i = 0; ; i++) {
      long intended = start + (long) (i * periodNanos);
      if (intended >= end) {
        return;
      }
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int w = (int) (i % writers.size());
      post(writers.get(w), "w" + w + "-" + i / writers.size(), intended, false);
    }
  }

  private void closedLoop(List<Fixture.Member> writers, int inFlightPerWriter, long end) {
    for (int w = 0; w < writers.size(); w++) {
      for (int slot = 0; slot < inFlightPerWriter; slot++) {
        post(writers.get(w), "w" + w + "-s" + slot + "-0", System.nanoTime(), true);
      }
    }
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(Math.min(POLL_INTERVAL.toNanos(), end - System.nanoTime()));
    }
  }

  /** Posts once; in a closed loop the reply triggers the slot's next post until the run stops. */
  private void post(Fixture.Member writer, String clientMsgId, long intended, boolean again) {
    DeliveryTracker.Post post = tracker.sent(clientMsgId, intended, intended >= warmupEnd);
    inFlight.incrementAndGet();
    writer.client()
        .request(new MessageRequest.MessagePost(writer.channelId(), clientMsgId, text, null))
        .whenComplete((data, error) -> {
          inFlight.decrementAndGet();
          if (error == null) {
            tracker.acked(post, System.nanoTime());
          } else {
            tracker.failed(error);
          }
          if (again && !stopped) {
            post(writer, next(clientMsgId), System.nanoTime(), true);
          }
        });
  }

  /** {@code w3-s1-41} becomes {@code w3-s1-42}. */
  private static String next(String clientMsgId) {
    int dash = clientMsgId.lastIndexOf('-');
    return clientMsgId.substring(0, dash + 1) + (Long.parseLong(clientMsgId.substring(dash + 1)) + 1);
  }

  private void drain() {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while ((inFlight.get() > 0 || tracker.awaitingDelivery() > 0) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
  }

  private BenchResult result() {
    double seconds = config.duration().toNanos() / NANOS_PER_SECOND;
    return new BenchResult(
        config.scenario(),
        config.describeUrls(),
        config.channels(),
        config.membersPerChannel(),
        config.writers(),
        config.pacing().describe(),
        seconds,
        tracker.measuredSent(),
        tracker.measuredAcked(),
        tracker.measuredDeliveries(),
        tracker.measuredAcked() / seconds,
        tracker.measuredDeliveries() / seconds,
        tracker.errors() + inFlight.get(),
        tracker.firstError() != null ? tracker.firstError() : inFlight.get() > 0 ? inFlight.get() + " posts never answered" : null,
        tracker.missingDeliveries(),
        tracker.duplicates(),
        tracker.unexpected(),
        tracker.ackLatency(),
        tracker.deliveryLatency(),
        ticker.timeline());
  }

  /** The once-a-second line: rates over the last second, errors and what is outstanding. */
  private Timeline.Sample progress(PrintStream out, double seconds) {
    long acked = tracker.acked();
    long deliveries = tracker.deliveries();
    String phase = stopped ? "draining" : System.nanoTime() < warmupEnd ? "warm-up" : "measuring";
    out.printf("%6.1fs %-9s acked %7d/s  deliveries %8d/s  errors %d  in flight %d%n",
        seconds, phase, acked - lastAcked, deliveries - lastDeliveries, tracker.errors(), inFlight.get());
    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("acked posts/s", (double) (acked - lastAcked));
    rates.put("deliveries/s", (double) (deliveries - lastDeliveries));
    rates.put("errors (total)", (double) tracker.errors());
    Latency ack = tracker.intervalAckLatency();
    Latency delivery = tracker.intervalDeliveryLatency();
    Map<String, Double> latency = new LinkedHashMap<>();
    if (ack.count() > 0) {
      latency.put("post->ok p50", ack.p50());
      latency.put("post->ok p99", ack.p99());
    }
    if (delivery.count() > 0) {
      latency.put("post->all p50", delivery.p50());
      latency.put("post->all p99", delivery.p99());
      latency.put("post->all max", delivery.max());
    }
    lastAcked = acked;
    lastDeliveries = deliveries;
    return new Timeline.Sample(seconds, rates, latency);
  }
}
