package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.LocalCluster;
import dev.parley.persistence.testing.PostgresTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node suspended (SIGSTOP) past the split-brain resolver's decision is downed by the majority;
 * when it resumes (SIGCONT) it finds itself removed and shuts down instead of writing. No channel
 * accepts writes on two nodes: no seq is ever used twice and nothing acknowledged is lost.
 */
class SplitBrainIT {
  /** Well past failure detection (~2.5 s) plus the resolver's stable-after (2 s) and removal margin. */
  private static final Duration SUSPENDED = Duration.ofSeconds(15);

  @Test
  void suspendedNodeIsDownedAndNeverWritesAgain() {
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase());
        ChaosRun run = new ChaosRun(cluster, 6, 6)) {
      run.traffic().awaitMoreAcks(200, 60);
      cluster.node(2).signal("STOP");
      long resumeAt = System.nanoTime() + SUSPENDED.toNanos();
      LocalCluster.awaitCondition(() -> cluster.upMembers(0) == 2, Duration.ofSeconds(60), "the majority to down node 2");
      run.traffic().awaitMoreAcks(200, 60);
      LocalCluster.awaitCondition(() -> System.nanoTime() >= resumeAt, SUSPENDED.plusSeconds(5), "the suspension to last");
      cluster.node(2).signal("CONT");
      cluster.node(2).awaitExit(Duration.ofSeconds(60));
      run.traffic().awaitMoreAcks(200, 60);
      ChaosRun.Verdict verdict = run.finish("split-brain", "suspended-s=" + SUSPENDED.toSeconds());
      assertTrue(verdict.clean(), verdict.toString());
    }
  }
}
