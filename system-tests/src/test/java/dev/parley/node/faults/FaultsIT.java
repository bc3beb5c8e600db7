package dev.parley.node.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault-injection suite: each scenario does something bad to a three-node cluster on
 * PostgreSQL under steady load, heals it, and checks that no acknowledged post was lost,
 * duplicated, moved or reordered. One cluster serves every scenario in turn (each in a workspace
 * of its own). {@code scripts/faults.sh} runs it with longer settings and prints the table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultsIT {
  private static final int NODES = 3;
  /** A long stop-the-world GC pause: longer than the failure detector's acceptable pause (1 s). */
  private static final Duration GC_PAUSE = Duration.ofMillis(1500);
  private static final int GC_PAUSES = 5;
  private static final Duration BETWEEN_GC_PAUSES = Duration.ofSeconds(2);
  private static final Duration STARVED = Duration.ofSeconds(15);
  /** Bounded by the node's ask timeout (2 s), with room for a loaded two-core machine. */
  private static final double MAX_REPLY_WAIT_MILLIS = 5000;

  private final FaultSettings settings = FaultSettings.fromSystemProperties();
  private final FaultTable table = new FaultTable();
  private FaultCluster cluster;

  @BeforeAll
  void startCluster() {
    table.note("seed " + settings.seed() + " (-Dparley.faults.seed=" + settings.seed() + " repeats the random choices)");
    cluster = FaultCluster.start(NODES, settings.seed());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> scenarios() {
    Map<String, Supplier<ScenarioResult>> scenarios = new LinkedHashMap<>();
    nemesis(scenarios, "kill-random", new KillNode(false));
    nemesis(scenarios, "kill-busiest", new KillNode(true));
    nemesis(scenarios, "pause", new PauseNode(settings.paused()));
    nemesis(scenarios, "partition", new Partition(false, settings.partitioned()));
    nemesis(scenarios, "partition-asymmetric", new Partition(true, settings.partitioned()));
    nemesis(scenarios, "stubborn-partition", new StubbornPartition(settings.partitioned()));
    nemesis(scenarios, "slow-node", new SlowNode(GC_PAUSE, GC_PAUSES, BETWEEN_GC_PAUSES, STARVED));
    nemesis(scenarios, "postgres-restart", new PostgresRestart());
    nemesis(scenarios, "postgres-unreachable", new PostgresOutage(settings.postgresOutage(), MAX_REPLY_WAIT_MILLIS));
    nemesis(scenarios, "rolling-restart", new RollingRestart());
    nemesis(
        scenarios,
        "mixed",
        new Mixed(
            List.of(
                new KillNode(false),
                new PauseNode(settings.paused()),
                new Partition(false, settings.partitioned()),
                new Partition(true, settings.partitioned()),
                new PostgresRestart(),
                new PostgresOutage(settings.postgresOutage(), MAX_REPLY_WAIT_MILLIS)),
            settings.mixed(),
            settings.paused()));
    // The distribution of failover times: kills (random and busiest node) and freezes only, one
    // after another for as long as mixed runs, each held to the failover bound.
    nemesis(
        scenarios,
        "failover-series",
        new Mixed(List.of(new KillNode(false), new KillNode(true), new PauseNode(settings.paused())), settings.mixed(), settings.paused()));
    scenarios.put("reconnect-storm", () -> ReconnectStorm.run(cluster, settings.stormSessions(), table));
    scenarios.put("soak", () -> Soak.run(cluster, settings.soak(), settings.soakSampleEvery(), table));
    List<DynamicTest> tests = new ArrayList<>();
    scenarios.forEach(
        (name, scenario) -> {
          if (settings.selected(name)) {
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, scenario)));
          }
        });
    return tests.stream();
  }

  private void nemesis(Map<String, Supplier<ScenarioResult>> scenarios, String name, Nemesis nemesis) {
    scenarios.put(name, () -> UnderLoad.run(name, nemesis, cluster));
  }

  private static String causes(Throwable e) {
    StringBuilder chain = new StringBuilder(String.valueOf(e));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      chain.append(" <- ").append(cause);
    }
    return chain.toString();
  }

  private void check(String name, Supplier<ScenarioResult> scenario) {
    ScenarioResult result;
    long started = System.nanoTime();
    try {
      result = scenario.get();
    } catch (RuntimeException | AssertionError e) {
      result = new ScenarioResult(name, 0, 0, 0, 0, 0, 0, 0, List.of("aborted: " + causes(e)), "aborted");
      cluster.heal();
    }
    table.add(result);
    table.note(String.format("%s took %.0f s", name, (System.nanoTime() - started) / 1e9));
    assertTrue(result.passed(), result.toString());
  }
}
