package dev.parley.node.faults;

import dev.parley.node.testing.ClusterSetup;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A long run at moderate load with clients dropping and resuming at random: heap after full GC,
 * connections, entities and the search projection's lag behind the journal, sampled on every node,
 * must stay flat, and nothing acknowledged may be lost on the way.
 */
final class Soak {
  private static final int CHANNELS = 4;
  private static final int WRITERS = 3;
  private static final int CHURN_USERS = 8;
  private static final int SESSIONS_PER_USER = 5;
  private static final Duration BETWEEN_POSTS = Duration.ofMillis(50);
  private static final Duration CHURN_EVERY = Duration.ofSeconds(2);
  private static final Duration CAUGHT_UP = Duration.ofMinutes(2);
  private static final double MEBIBYTE = 1024 * 1024;
  /** Growth allowed over the whole run before a quantity counts as rising, not noise. */
  private static final double HEAP_GROWTH_SHARE = 0.10;
  private static final double HEAP_GROWTH_FLOOR_MIB = 16;
  private static final double COUNT_GROWTH_SHARE = 0.10;
  private static final double COUNT_GROWTH_FLOOR = 5;
  private static final double LAG_GROWTH_FLOOR = 200;

  private Soak() {}

  static ScenarioResult run(FaultCluster faults, Duration lasting, Duration sampleEvery, FaultTable table) {
    LocalCluster cluster = faults.cluster();
    ClusterSetup setup = ClusterSetup.create(cluster, CHANNELS, WRITERS + CHURN_USERS);
    HttpClient http = HttpClient.newHttpClient();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    List<StormSession> sessions = new ArrayList<>();
    List<Double> minutes = new ArrayList<>();
    List<List<Double>> heaps = new ArrayList<>();
    List<Double> connections = new ArrayList<>();
    List<Double> entities = new ArrayList<>();
    List<Double> lag = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      heaps.add(new ArrayList<>());
    }
    try (Traffic traffic = new Traffic(setup.members().subList(0, WRITERS), setup.channelIds(), cluster::liveWsUrl, BETWEEN_POSTS).start()) {
      for (int i = 0; i < CHURN_USERS * SESSIONS_PER_USER; i++) {
        StormSession session =
            new StormSession(
                setup.members().get(WRITERS + i / SESSIONS_PER_USER).accessToken(), setup.channelIds(), http, scheduler, cluster::liveWsUrl, faults.random().nextLong());
        sessions.add(session);
        session.start(i);
      }
      scheduler.scheduleAtFixedRate(
          () -> sessions.get(faults.random().nextInt(sessions.size())).dropConnection(),
          CHURN_EVERY.toMillis(),
          CHURN_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      long end = start + lasting.toNanos();
      for (long next = start; next <= end; next += sampleEvery.toNanos()) {
        long at = next;
        LocalCluster.awaitCondition(() -> System.nanoTime() >= at, sampleEvery.plusSeconds(5), "the next sample time");
        minutes.add((System.nanoTime() - start) / 60e9);
        double connected = 0;
        double running = 0;
        double behind = 0;
        for (int i = 0; i < cluster.size(); i++) {
          NodeSample sample = NodeSample.of(cluster, i);
          heaps.get(i).add(sample.heapAfterGcBytes() / MEBIBYTE);
          connected += sample.connections();
          running += sample.entities();
          behind = Math.max(behind, sample.journalEventsBehind());
        }
        connections.add(connected);
        entities.add(running);
        lag.add(behind);
      }
      traffic.close();
      PostChecker.Result posts;
      try (WsClient reader = WsClient.authenticated(cluster.liveWsUrl(0), setup.owner().accessToken())) {
        posts = PostChecker.check(reader, setup.channelIds(), traffic.acks(), traffic.unknown());
      }
      LocalCluster.awaitCondition(() -> sessions.stream().allMatch(s -> s.caughtUp(posts.heads())), CAUGHT_UP, "every soak session to catch up");
      List<String> violations = sessions.stream().flatMap(s -> s.violations().stream()).toList();
      List<String> failures = new ArrayList<>(posts.problems());
      List<Trend> trends = new ArrayList<>();
      for (int i = 0; i < cluster.size(); i++) {
        Trend heap = Trend.of("node " + i + " heap after GC (MiB)", minutes, heaps.get(i));
        trends.add(heap);
        if (!heap.flat(HEAP_GROWTH_SHARE, HEAP_GROWTH_FLOOR_MIB)) {
          failures.add("rising: " + heap);
        }
      }
      Trend connectionTrend = Trend.of("connections", minutes, connections);
      Trend entityTrend = Trend.of("entities", minutes, entities);
      Trend lagTrend = Trend.of("search projection events behind", minutes, lag);
      trends.addAll(List.of(connectionTrend, entityTrend, lagTrend));
      for (Trend count : List.of(connectionTrend, entityTrend)) {
        if (!count.flat(COUNT_GROWTH_SHARE, COUNT_GROWTH_FLOOR)) {
          failures.add("rising: " + count);
        }
      }
      if (!lagTrend.flat(0, LAG_GROWTH_FLOOR)) {
        failures.add("rising: " + lagTrend);
      }
      String figures =
          String.format(
              "soak: %s, %d samples, %d posts acked, %d sessions dropping every %ss; %s",
              lasting, minutes.size(), posts.acked(), sessions.size(), CHURN_EVERY.toSeconds(), trends);
      table.note(figures);
      return new ScenarioResult(
          "soak",
          posts.acked(),
          posts.lost(),
          posts.duplicated(),
          posts.moved(),
          violations.size(),
          posts.unknown(),
          traffic.longestGapMillis(start, end),
          List.copyOf(failures),
          figures + "; violations " + violations.stream().limit(5).toList());
    } finally {
      sessions.forEach(StormSession::close);
      scheduler.shutdownNow();
    }
  }
}
