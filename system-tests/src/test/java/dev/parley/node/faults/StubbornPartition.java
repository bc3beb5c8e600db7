package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.Traffic;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An old owner that keeps writing after its channels started elsewhere: one node is restarted with
 * a split-brain resolver that waits a minute, so that when it is cut off from the others it does
 * not down itself but goes on serving its clients and writing to PostgreSQL, while the majority
 * downs it and, after the removal margin, starts the same channels. The journal's primary key is
 * then all that keeps one writer per sequence number; the checker verifies that every ack still
 * names its post's place in history. The load's channels are created after the restart, so the
 * node with the fewest shards (this one) gets most of them, and one more writer posts to those on
 * this node through this node.
 */
final class StubbornPartition implements Nemesis {
  private static final String WRITE_CONFLICT = "event_journal_pkey";
  private static final Map<String, String> STUBBORN = Map.of("PARLEY_FAILOVER_STABLE_AFTER", "60s");
  private static final Duration RESTARTED = Duration.ofSeconds(60);
  private static final Duration DOWNED = Duration.ofSeconds(60);
  private static final Duration FIRST_ACK = Duration.ofSeconds(30);

  private final Duration held;
  private int victim = -1;

  StubbornPartition(Duration held) {
    this.held = held;
  }

  @Override
  public void prepare(FaultCluster cluster) {
    LocalCluster nodes = cluster.cluster();
    victim = cluster.randomLiveNode();
    nodes.node(victim).signal("TERM");
    nodes.node(victim).awaitExit(RESTARTED);
    nodes.startNode(victim, STUBBORN);
    for (int i = 0; i < nodes.size(); i++) {
      nodes.awaitMembers(i, nodes.size());
    }
  }

  @Override
  public Strike strike(FaultCluster cluster, Traffic traffic) {
    LocalCluster nodes = cluster.cluster();
    List<String> ownedChannels = nodes.runningOn(victim, "Channel", traffic.channelIds());
    int owned = ownedChannels.size();
    if (owned == 0) {
      throw new AssertionError("node " + victim + " runs none of the load's channels: nothing for it to go on writing");
    }
    // The load's writers post round all channels and retry one post until it is acked, so those on
    // the cut-off node would stall on a channel across the cut; this one posts only to its own.
    String own =
        traffic.addWriter(traffic.user(0), ownedChannels, attempt -> nodes.node(victim).isAlive() ? nodes.node(victim).wsUrl() : nodes.liveWsUrl(attempt));
    // Once cut off, the node cannot authenticate a user whose session entity lives across the cut.
    LocalCluster.awaitCondition(() -> traffic.acksOf(own) > 0, FIRST_ACK, "the cut-off node's own writer to be acked");
    long refusedBefore = nodes.outputLinesContaining(WRITE_CONFLICT);
    long at = System.nanoTime();
    cluster.firewall().isolate(nodes.host(victim), cluster.hostsExcept(victim));
    int witness = (victim + 1) % nodes.size();
    LocalCluster.awaitCondition(() -> nodes.upMembers(witness) == nodes.size() - 1, DOWNED, "the majority to down node " + victim);
    long healAt = at + held.toNanos();
    LocalCluster.awaitCondition(() -> System.nanoTime() >= healAt, held.plusSeconds(5), "the partition to last " + held);
    Recovery.awaitServing(traffic, at, "isolating node " + victim);
    boolean stillRunning = nodes.node(victim).isAlive();
    long healedAt = System.nanoTime();
    cluster.firewall().heal();
    // Back in touch, it learns the others removed it, and stops.
    nodes.node(victim).awaitExit(RESTARTED);
    long refused = nodes.outputLinesContaining(WRITE_CONFLICT) - refusedBefore;
    long ownAcks =
        traffic.acks().stream().filter(a -> a.clientMsgId().startsWith(own) && a.atNanos() > at && a.atNanos() < healedAt).count();
    if (!stillRunning) {
      throw new AssertionError("node " + victim + " stopped during the partition: it did not keep writing");
    }
    if (refused == 0) {
      throw new AssertionError(
          "no journal write was refused: the two owners of node " + victim + "'s " + owned + " channels never met (it acked " + ownAcks
              + " posts of its own writer during the cut)");
    }
    return Strike.at(
        at,
        String.format(
            "node %d (running %d of the load's channels, resolver waiting 60 s) isolated for %d s; acks it gave its own writer meanwhile %d;"
                + " journal writes refused (log lines) %d",
            victim, owned, held.toSeconds(), ownAcks, refused));
  }
}
