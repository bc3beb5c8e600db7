package dev.parley.node.faults;

import dev.parley.node.testing.Accounts;
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
 * Thousands of sessions on one node, which is then killed: how long until 99 % of them are back on
 * the other nodes and resumed, and did every one of them see every post once, in order.
 */
final class ReconnectStorm {
  /** Under the suite's per-user connection limit even while a dead node's connections await expiry. */
  private static final int SESSIONS_PER_USER = 10;
  private static final int CHANNELS = 4;
  private static final int WRITERS = 2;
  private static final int WARMUP_ACKS = 50;
  private static final int ACKS_TIMEOUT_SECONDS = 90;
  private static final Duration CONNECTED = Duration.ofMinutes(3);
  private static final Duration RESUMED = Duration.ofMinutes(3);
  private static final Duration CAUGHT_UP = Duration.ofMinutes(2);
  private static final double SHARE = 0.99;
  private static final int SCHEDULER_THREADS = 2;
  /** Sessions build up on a node over time; a thousand logging in within one millisecond is another test. */
  private static final Duration CONNECT_EVERY = Duration.ofMillis(5);

  private ReconnectStorm() {}

  static ScenarioResult run(FaultCluster faults, int sessions, FaultTable table) {
    LocalCluster cluster = faults.cluster();
    int victim = faults.randomLiveNode();
    Storm storm = Storm.create(cluster, sessions);
    HttpClient http = HttpClient.newHttpClient();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(SCHEDULER_THREADS);
    List<StormSession> clients = new ArrayList<>();
    try (Traffic traffic = new Traffic(storm.writers(), storm.channelIds(), cluster::liveWsUrl).start()) {
      for (int i = 0; i < sessions; i++) {
        StormSession session =
            new StormSession(storm.tokens().get(i / SESSIONS_PER_USER), storm.channelIds(), http, scheduler, cluster::liveWsUrl, faults.random().nextLong());
        clients.add(session);
        session.start(victim);
        FaultCluster.pause(CONNECT_EVERY);
      }
      awaitSessions(clients, c -> c.resumedAtNanos() > 0, sessions, CONNECTED, "connected to node " + victim);
      traffic.awaitMoreAcks(WARMUP_ACKS, ACKS_TIMEOUT_SECONDS);
      String victimUrl = cluster.node(victim).wsUrl();
      List<StormSession> held = clients.stream().filter(c -> c.connectedTo(victimUrl)).toList();
      long killedAt = System.nanoTime();
      cluster.node(victim).kill9();
      int needed = (int) Math.ceil(held.size() * SHARE);
      awaitSessions(held, c -> c.resumedAtNanos() > killedAt, needed, RESUMED, "resumed on the surviving nodes");
      awaitSessions(held, c -> c.resumedAtNanos() > killedAt, held.size(), RESUMED, "resumed on the surviving nodes");
      long[] resumed = held.stream().mapToLong(c -> c.resumedAtNanos() - killedAt).sorted().toArray();
      double p99Seconds = resumed[needed - 1] / 1e9;
      double allSeconds = resumed[resumed.length - 1] / 1e9;
      Recovery.awaitServing(traffic, killedAt, "the storm's kill");
      faults.heal();
      long healed = System.nanoTime();
      traffic.awaitMoreAcks(WARMUP_ACKS, ACKS_TIMEOUT_SECONDS);
      traffic.close();
      PostChecker.Result posts;
      try (WsClient reader = WsClient.authenticated(cluster.liveWsUrl(0), storm.writers().get(0).accessToken())) {
        posts = PostChecker.check(reader, storm.channelIds(), traffic.acks(), traffic.unknown());
      }
      LocalCluster.awaitCondition(() -> clients.stream().allMatch(c -> c.caughtUp(posts.heads())), CAUGHT_UP, "every session to catch up");
      List<String> violations = clients.stream().flatMap(c -> c.violations().stream()).toList();
      String figures =
          String.format(
              "reconnect storm: node %d killed holding %d of %d sessions; 99%% resumed after %.2f s, all after %.2f s",
              victim, held.size(), sessions, p99Seconds, allSeconds);
      table.note(figures);
      return new ScenarioResult(
          "reconnect-storm",
          posts.acked(),
          posts.lost(),
          posts.duplicated(),
          posts.moved(),
          violations.size(),
          posts.unknown(),
          traffic.longestGapMillis(killedAt, healed),
          posts.problems(),
          figures + "; violations " + violations.stream().limit(5).toList());
    } finally {
      clients.forEach(StormSession::close);
      scheduler.shutdownNow();
    }
  }

  /** Waits until {@code needed} sessions pass {@code test}; on timeout, says how their attempts went. */
  private static void awaitSessions(
      List<StormSession> clients, java.util.function.Predicate<StormSession> test, int needed, Duration timeout, String what) {
    try {
      LocalCluster.awaitCondition(() -> clients.stream().filter(test).count() >= needed, timeout, needed + " sessions " + what);
    } catch (AssertionError e) {
      java.util.Map<String, Long> events = new java.util.TreeMap<>();
      clients.forEach(c -> c.events().forEach((event, count) -> events.merge(event, count, Long::sum)));
      throw new AssertionError(e.getMessage() + ": " + clients.stream().filter(test).count() + " were; attempts " + events, e);
    }
  }

  /** The storm's users: writers, and the holders of the sessions, all members of every channel. */
  private record Storm(List<Accounts.User> writers, List<String> tokens, List<String> channelIds) {
    static Storm create(LocalCluster cluster, int sessions) {
      int users = (sessions + SESSIONS_PER_USER - 1) / SESSIONS_PER_USER;
      ClusterSetup setup = ClusterSetup.create(cluster, CHANNELS, WRITERS + users);
      List<String> tokens = setup.members().subList(WRITERS, WRITERS + users).stream().map(Accounts.User::accessToken).toList();
      return new Storm(setup.members().subList(0, WRITERS), tokens, setup.channelIds());
    }
  }
}
