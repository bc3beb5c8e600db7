package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;

/**
 * Many {@link StormSession}s sharing one HTTP client and one small scheduler: thousands of
 * connections without a thread each. Each user holds {@code sessionsPerUser} of them.
 */
final class SessionCrowd implements AutoCloseable {
  private static final int SCHEDULER_THREADS = 2;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(SCHEDULER_THREADS);
  private final List<StormSession> sessions = new ArrayList<>();

  /** A user of the crowd: its access token and the channels its sessions follow. */
  record Seat(String token, List<String> channelIds) {}

  SessionCrowd(List<Seat> seats, int sessionsPerUser, IntFunction<String> wsUrlOf, Random random) {
    for (Seat seat : seats) {
      for (int i = 0; i < sessionsPerUser; i++) {
        sessions.add(new StormSession(seat.token(), seat.channelIds(), http, scheduler, wsUrlOf, random.nextLong()));
      }
    }
  }

  List<StormSession> sessions() {
    return sessions;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** Starts session {@code i} on the node for attempt {@code firstAttempt(i)}, one every {@code spacing}. */
  void start(IntUnaryOperator firstAttempt, Duration spacing) {
    for (int i = 0; i < sessions.size(); i++) {
      sessions.get(i).start(firstAttempt.applyAsInt(i));
      if (!spacing.isZero()) {
        FaultCluster.pause(spacing);
      }
    }
  }

  /** Waits until {@code needed} of {@code among} pass {@code test}; on timeout, says how their attempts went. */
  static void await(List<StormSession> among, Predicate<StormSession> test, int needed, Duration timeout, String what) {
    try {
      LocalCluster.awaitCondition(() -> among.stream().filter(test).count() >= needed, timeout, needed + " sessions " + what);
    } catch (AssertionError e) {
      Map<String, Long> events = new TreeMap<>();
      among.forEach(s -> s.events().forEach((event, count) -> events.merge(event, count, Long::sum)));
      throw new AssertionError(e.getMessage() + ": " + among.stream().filter(test).count() + " were; attempts " + events, e);
    }
  }

  /** Until every session has seen each channel it follows up to {@code heads}. */
  void awaitCaughtUp(Map<String, Long> heads, Duration timeout) {
    await(sessions, s -> s.caughtUp(heads), sessions.size(), timeout, "caught up to " + heads);
  }

  List<String> violations() {
    return sessions.stream().flatMap(s -> s.violations().stream()).toList();
  }

  @Override
  public void close() {
    sessions.forEach(StormSession::close);
    scheduler.shutdownNow();
  }
}
