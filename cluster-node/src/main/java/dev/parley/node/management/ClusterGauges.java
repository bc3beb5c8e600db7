package dev.parley.node.management;

import dev.parley.node.telemetry.Metrics;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/**
 * The cluster as this node sees it, read when Prometheus scrapes: members by status (every status
 * is exported, zeros included, so that an alert can compare without {@code absent()}), and how many
 * of them this node finds unreachable. Registered once per JVM; they read whichever node started
 * last in this JVM (one, outside tests).
 */
final class ClusterGauges {
  private static final Map<MemberStatus, String> STATUSES = statuses();
  private static volatile Cluster current;

  static {
    GaugeWithCallback.builder()
        .name("parley_cluster_members")
        .help("Cluster members by status, as this node sees the cluster")
        .labelNames("status")
        .callback(
            cb -> {
              Cluster cluster = current;
              if (cluster == null) {
                return;
              }
              Map<MemberStatus, Integer> counts = new LinkedHashMap<>();
              STATUSES.keySet().forEach(status -> counts.put(status, 0));
              for (Member member : cluster.state().getMembers()) {
                counts.computeIfPresent(member.status(), (status, count) -> count + 1);
              }
              counts.forEach((status, count) -> cb.call(count, STATUSES.get(status)));
            })
        .register(Metrics.REGISTRY);
    GaugeWithCallback.builder()
        .name("parley_cluster_unreachable_members")
        .help("Cluster members this node's failure detector finds unreachable")
        .callback(
            cb -> {
              Cluster cluster = current;
              if (cluster != null) {
                cb.call(cluster.state().getUnreachable().size());
              }
            })
        .register(Metrics.REGISTRY);
  }

  private ClusterGauges() {}

  private static Map<MemberStatus, String> statuses() {
    Map<MemberStatus, String> statuses = new LinkedHashMap<>();
    statuses.put(MemberStatus.joining(), "joining");
    statuses.put(MemberStatus.weaklyUp(), "weakly_up");
    statuses.put(MemberStatus.up(), "up");
    statuses.put(MemberStatus.leaving(), "leaving");
    statuses.put(MemberStatus.exiting(), "exiting");
    statuses.put(MemberStatus.down(), "down");
    statuses.put(MemberStatus.shuttingDown(), "preparing_for_shutdown");
    statuses.put(MemberStatus.shutDown(), "ready_for_shutdown");
    return statuses;
  }

  static void follow(Cluster cluster) {
    current = cluster;
  }
}
