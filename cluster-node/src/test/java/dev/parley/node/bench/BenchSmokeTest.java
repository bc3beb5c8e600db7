package dev.parley.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.bench.BenchResult;
import dev.parley.bench.LoadRun;
import dev.parley.bench.Pacing;
import dev.parley.bench.ScenarioConfig;
import dev.parley.node.testing.TestNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each bench scenario runs briefly at tiny scale against a node in this JVM, so the tool cannot
 * silently break. It checks correctness (posts acked, every acked post delivered to every member
 * exactly once, no errors), never speed.
 */
class BenchSmokeTest {
  private static final int CHANNELS = 2;
  private static final int MEMBERS = 3;
  private static final int WRITERS = 3;
  private static final Duration RUN = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int TEXT_CHARS = 16;
  private static final double OPEN_LOOP_RATE = 50;
  private static final int IN_FLIGHT = 2;
  private static final int FANOUT_MEMBERS = 25;
  private static final int FANOUT_WRITERS = 2;
  private static final double FANOUT_RATE = 20;

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private static TestNode node;

  @BeforeAll
  static void startNode() {
    node = TestNode.startH2(TestNode.UNLIMITED);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void throughputClosedLoopDeliversEveryAckedPostToEveryMemberOnce() {
    assertCorrect(run("throughput", new Pacing.ClosedLoop(IN_FLIGHT)));
  }

  @Test
  void throughputOpenLoopDeliversEveryAckedPostToEveryMemberOnce() {
    assertCorrect(run("throughput", new Pacing.OpenLoop(OPEN_LOOP_RATE)));
  }

  @Test
  void latencyRecordsOneDeliveryLatencyPerAckedPost() {
    BenchResult result = run("latency", new Pacing.OpenLoop(OPEN_LOOP_RATE));
    assertCorrect(result);
    assertEquals(result.postsAcked(), result.deliveryLatency().count(), "one post -> all members latency per post");
    assertEquals(result.postsAcked(), result.ackLatency().count(), "one post -> ok latency per post");
    assertTrue(result.deliveryLatency().p50() > 0, "latencies are recorded");
  }

  @Test
  void fanoutDeliversEveryPostToEveryMemberOfOneBigChannelOnce() {
    ScenarioConfig config =
        new ScenarioConfig("fanout", URI.create(node.httpUrl()), 1, FANOUT_MEMBERS, FANOUT_WRITERS,
            new Pacing.OpenLoop(FANOUT_RATE), Duration.ZERO, RUN, TEXT_CHARS, TIMEOUT);
    BenchResult result = LoadRun.run(config, QUIET);
    assertCorrect(result, FANOUT_MEMBERS);
    assertEquals(result.postsAcked(), result.deliveryLatency().count(), "one post -> all members latency per post");
    assertFalse(result.timeline().samples().isEmpty(), "a timeline for --plot: " + result);
  }

  private static BenchResult run(String scenario, Pacing pacing) {
    ScenarioConfig config =
        new ScenarioConfig(scenario, URI.create(node.httpUrl()), CHANNELS, MEMBERS, WRITERS, pacing, Duration.ZERO, RUN, TEXT_CHARS, TIMEOUT);
    return LoadRun.run(config, QUIET);
  }

  private static void assertCorrect(BenchResult result) {
    assertCorrect(result, MEMBERS);
  }

  private static void assertCorrect(BenchResult result, int members) {
    assertTrue(result.postsAcked() > 0, "some posts acked: " + result);
    assertEquals(0, result.errors(), "no errors: " + result);
    assertEquals(result.postsSent(), result.postsAcked(), "every post acked: " + result);
    assertEquals(result.postsAcked() * members, result.deliveries(), "every acked post reached every member: " + result);
    assertEquals(0, result.missingDeliveries(), "nothing missing: " + result);
    assertEquals(0, result.duplicateDeliveries(), "nothing twice: " + result);
    assertEquals(0, result.unexpectedDeliveries(), "nothing unknown: " + result);
  }
}
