package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * What a soak samples over time on every node, and the verdict on it: each quantity's least-squares
 * trend, and which of them rose by more than noise over the run.
 */
final class SoakSamples {
  private static final double MEBIBYTE = 1024 * 1024;
  /** Growth allowed over the whole run before a quantity counts as rising, not noise. */
  private static final double HEAP_GROWTH_SHARE = 0.10;
  private static final double HEAP_GROWTH_FLOOR_MIB = 16;
  private static final double COUNT_GROWTH_SHARE = 0.10;
  private static final double COUNT_GROWTH_FLOOR = 5;
  private static final double LAG_GROWTH_FLOOR = 200;

  private final long startNanos;
  private final List<Double> minutes = new ArrayList<>();
  private final List<List<Double>> heaps = new ArrayList<>();
  private final List<Double> connections = new ArrayList<>();
  private final List<Double> entities = new ArrayList<>();
  private final List<Double> lag = new ArrayList<>();

  SoakSamples(int nodes, long startNanos) {
    this.startNanos = startNanos;
    for (int i = 0; i < nodes; i++) {
      heaps.add(new ArrayList<>());
    }
  }

  /** One sample of every node: heaps each, connections and entities summed, lag the worst. */
  void take(LocalCluster cluster) {
    minutes.add((System.nanoTime() - startNanos) / 60e9);
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

  int count() {
    return minutes.size();
  }

  List<Trend> trends() {
    List<Trend> trends = new ArrayList<>();
    for (int i = 0; i < heaps.size(); i++) {
      trends.add(Trend.of("node " + i + " heap after GC (MiB)", minutes, heaps.get(i), HEAP_GROWTH_SHARE, HEAP_GROWTH_FLOOR_MIB));
    }
    trends.add(Trend.of("connections", minutes, connections, COUNT_GROWTH_SHARE, COUNT_GROWTH_FLOOR));
    trends.add(Trend.of("entities", minutes, entities, COUNT_GROWTH_SHARE, COUNT_GROWTH_FLOOR));
    trends.add(Trend.of("search projection events behind", minutes, lag, 0, LAG_GROWTH_FLOOR));
    return trends;
  }

  /** The quantities that rose: a leak, or a backlog the cluster does not keep up with. */
  List<String> rising() {
    List<String> rising = new ArrayList<>();
    for (Trend trend : trends()) {
      if (!trend.flat()) {
        rising.add("rising: " + trend);
      }
    }
    return rising;
  }
}
