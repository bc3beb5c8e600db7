package dev.parley.node.faults;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ClusterSetup;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  private Soak() {}

  static ScenarioResult run(FaultCluster faults, Duration lasting, Duration sampleEvery, FaultTable table) {
    LocalCluster cluster = faults.cluster();
    ClusterSetup setup = ClusterSetup.create(cluster, CHANNELS, WRITERS + CHURN_USERS);
    List<SessionCrowd.Seat> seats =
        setup.members().subList(WRITERS, WRITERS + CHURN_USERS).stream()
            .map(user -> new SessionCrowd.Seat(user.accessToken(), setup.channelIds()))
            .toList();
    try (Traffic traffic = new Traffic(setup.members().subList(0, WRITERS), setup.channelIds(), cluster::liveWsUrl, BETWEEN_POSTS).start();
        SessionCrowd crowd = new SessionCrowd(seats, SESSIONS_PER_USER, cluster::liveWsUrl, faults.random())) {
      crowd.start(i -> i, Duration.ZERO);
      List<StormSession> sessions = crowd.sessions();
      crowd.scheduler().scheduleAtFixedRate(
          () -> sessions.get(faults.random().nextInt(sessions.size())).dropConnection(),
          CHURN_EVERY.toMillis(),
          CHURN_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      long end = start + lasting.toNanos();
      SoakSamples samples = new SoakSamples(cluster.size(), start);
      for (long next = start; next <= end; next += sampleEvery.toNanos()) {
        long at = next;
        LocalCluster.awaitCondition(() -> System.nanoTime() >= at, sampleEvery.plusSeconds(5), "the next sample time");
        samples.take(cluster);
      }
      traffic.close();
      PostChecker.Result posts;
      try (WsClient reader = WsClient.authenticated(cluster.liveWsUrl(0), setup.owner().accessToken())) {
        posts = PostChecker.check(reader, setup.channelIds(), traffic.acks(), traffic.unknown());
      }
      crowd.awaitCaughtUp(posts.heads(), CAUGHT_UP);
      List<String> violations = crowd.violations();
      List<String> failures = new ArrayList<>(posts.problems());
      failures.addAll(samples.rising());
      String figures =
          String.format(
              "soak: %s, %d samples, %d posts acked, %d sessions dropping every %ss; %s",
              lasting, samples.count(), posts.acked(), sessions.size(), CHURN_EVERY.toSeconds(), samples.trends());
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
    }
  }
}
