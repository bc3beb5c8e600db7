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

/**
 * Thousands of sessions on one node, which is then killed: how long until 99 % of them are back on
 * the other nodes and resumed, and did every one of them see every post once, in order.
 *
 * <p>The users are teams, each its own workspace with one channel, as on a server many teams
 * share; two writers belong to every team and post round all their channels at a moderate pace.
 * One workspace of them all would measure presence instead: its fan-out grows with the square of a
 * workspace's members (docs/design.md), and 300 members with 10 sessions each logging in at 200/s
 * are more than one node admits (docs/reliability.md).
 */
final class ReconnectStorm {
  /** A phone, a laptop and a few tabs; under the per-user connection limit while a dead node's connections expire. */
  private static final int SESSIONS_PER_USER = 5;
  private static final int TEAM_USERS = 20;
  private static final int WRITERS = 2;
  /** Each writer's pause after an ack: moderate load, so that what is measured is the reconnection. */
  private static final Duration BETWEEN_POSTS = Duration.ofMillis(50);
  private static final int WARMUP_ACKS = 50;
  private static final int ACKS_TIMEOUT_SECONDS = 90;
  private static final Duration CONNECTED = Duration.ofMinutes(3);
  private static final Duration RESUMED = Duration.ofMinutes(3);
  private static final Duration CAUGHT_UP = Duration.ofMinutes(2);
  private static final double SHARE = 0.99;
  /** Sessions build up on a node over time; a thousand logging in within one millisecond is another test. */
  private static final Duration CONNECT_EVERY = Duration.ofMillis(5);

  private ReconnectStorm() {}

  static ScenarioResult run(FaultCluster faults, int sessions, FaultTable table) {
    LocalCluster cluster = faults.cluster();
    int victim = faults.randomLiveNode();
    int users = (sessions + SESSIONS_PER_USER - 1) / SESSIONS_PER_USER;
    List<Accounts.User> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(Accounts.newUser(cluster.node(0).httpUrl(), "writer"));
    }
    List<String> channelIds = new ArrayList<>();
    List<SessionCrowd.Seat> seats = new ArrayList<>();
    for (int seated = 0; seated < users; seated += TEAM_USERS) {
      ClusterSetup team = ClusterSetup.create(cluster, 1, Math.min(TEAM_USERS, users - seated));
      writers.forEach(writer -> team.admit(cluster, writer));
      channelIds.addAll(team.channelIds());
      team.members().forEach(member -> seats.add(new SessionCrowd.Seat(member.accessToken(), team.channelIds())));
    }
    try (Traffic traffic = new Traffic(writers, channelIds, cluster::liveWsUrl, BETWEEN_POSTS).start();
        SessionCrowd crowd = new SessionCrowd(seats, SESSIONS_PER_USER, cluster::liveWsUrl, faults.random())) {
      crowd.start(i -> victim, CONNECT_EVERY);
      List<StormSession> all = crowd.sessions();
      SessionCrowd.await(all, s -> s.resumedAtNanos() > 0, all.size(), CONNECTED, "connected to node " + victim);
      traffic.awaitMoreAcks(WARMUP_ACKS, ACKS_TIMEOUT_SECONDS);
      String victimUrl = cluster.node(victim).wsUrl();
      List<StormSession> held = all.stream().filter(s -> s.connectedTo(victimUrl)).toList();
      long killedAt = System.nanoTime();
      cluster.node(victim).kill9();
      SessionCrowd.await(held, s -> s.resumedAtNanos() > killedAt, held.size(), RESUMED, "resumed on the surviving nodes");
      long[] resumed = held.stream().mapToLong(s -> s.resumedAtNanos() - killedAt).sorted().toArray();
      double p99Seconds = resumed[(int) Math.ceil(held.size() * SHARE) - 1] / 1e9;
      double allSeconds = resumed[resumed.length - 1] / 1e9;
      Recovery.awaitServing(traffic, killedAt, "the storm's kill");
      faults.heal();
      long healed = System.nanoTime();
      // Every channel, not just some acks: a channel without an ack after the heal has no measurable gap.
      Recovery.awaitServing(traffic, healed, "the heal");
      traffic.close();
      PostChecker.Result posts;
      try (WsClient reader = WsClient.authenticated(cluster.liveWsUrl(0), writers.get(0).accessToken())) {
        posts = PostChecker.check(reader, channelIds, traffic.acks(), traffic.unknown());
      }
      crowd.awaitCaughtUp(posts.heads(), CAUGHT_UP);
      List<String> violations = crowd.violations();
      String figures =
          String.format(
              "reconnect storm: node %d killed holding %d of %d sessions (%d teams of up to %d users with %d sessions each);"
                  + " 99%% resumed after %.2f s, all after %.2f s",
              victim, held.size(), all.size(), channelIds.size(), TEAM_USERS, SESSIONS_PER_USER, p99Seconds, allSeconds);
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
    }
  }
}
