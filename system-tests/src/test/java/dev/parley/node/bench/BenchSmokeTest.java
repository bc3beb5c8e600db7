package dev.parley.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.bench.BenchResult;
import dev.parley.bench.ConnectionsConfig;
import dev.parley.bench.ConnectionsResult;
import dev.parley.bench.ConnectionsRun;
import dev.parley.bench.FindMax;
import dev.parley.bench.FindMaxResult;
import dev.parley.bench.LoadRun;
import dev.parley.bench.Pacing;
import dev.parley.bench.ScenarioConfig;
import dev.parley.node.testing.TestNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private static final int SESSIONS = 40;
  private static final double CONNECT_RATE = 100;
  private static final Duration HOLD = Duration.ofSeconds(1);
  private static final int MAX_PENDING = 20;
  private static final int SETUP_PARALLELISM = 4;
  private static final List<String> SOURCES = List.of("127.0.0.2", "127.0.0.3");
  private static final FindMax.Settings FIND_MAX =
      new FindMax.Settings(10, 0, 2, Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5), 0.9);
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
        new ScenarioConfig("fanout", List.of(URI.create(node.httpUrl())), 1, FANOUT_MEMBERS, FANOUT_WRITERS,
            new Pacing.OpenLoop(FANOUT_RATE), Duration.ZERO, RUN, TEXT_CHARS, TIMEOUT);
    BenchResult result = LoadRun.run(config, QUIET);
    assertCorrect(result, FANOUT_MEMBERS);
    assertEquals(result.postsAcked(), result.deliveryLatency().count(), "one post -> all members latency per post");
    assertFalse(result.timeline().samples().isEmpty(), "a timeline for --plot: " + result);
  }

  @Test
  void findMaxRunsRealStepsAndKeepsEveryDeliveryExactlyOnce() {
    ScenarioConfig shape =
        new ScenarioConfig("throughput", List.of(URI.create(node.httpUrl())), CHANNELS, MEMBERS, WRITERS, new Pacing.OpenLoop(1), Duration.ZERO, RUN,
            TEXT_CHARS, TIMEOUT);

    FindMaxResult result = FindMax.search(shape, FIND_MAX, QUIET);

    assertEquals(2, result.steps().size(), "two steps, as limited: " + result);
    assertEquals(10, result.steps().get(0).rate());
    assertEquals(20, result.steps().get(1).rate(), "a sustained rate is doubled");
    result.steps().forEach(step -> assertEquals(0, step.duplicateOrUnexpected(), "nothing twice or unknown: " + step));
    assertTrue(result.correct(), "a maximum found: " + result);
    assertFalse(result.timeline().samples().isEmpty(), "the steps' timelines, for --plot");
  }

  @Test
  void connectionsOpensEverySessionFromEverySourceAddressAndHoldsThem() throws Exception {
    List<InetAddress> sources = new ArrayList<>();
    for (String source : SOURCES) {
      sources.add(InetAddress.getByName(source));
    }
    // The node runs in this JVM, so the server's pid is this process's.
    ConnectionsConfig config =
        new ConnectionsConfig(URI.create(node.httpUrl()), SESSIONS, 2, CONNECT_RATE, HOLD, sources, MAX_PENDING, SETUP_PARALLELISM,
            TIMEOUT, URI.create(node.managementUrl() + "/metrics"), ProcessHandle.current().pid(), false, true, true);

    ConnectionsResult result = ConnectionsRun.run(config, QUIET);

    assertTrue(result.correct(), "every session opened and held: " + result);
    assertEquals(SESSIONS, result.opened(), result.toString());
    assertEquals(SESSIONS / 2, result.users(), "two sessions per user");
    assertEquals(Map.of("127.0.0.2", (long) SESSIONS / 2, "127.0.0.3", (long) SESSIONS / 2), result.openedPerLocalAddress(),
        "sessions alternate between the source addresses");
    assertEquals(SESSIONS, result.connectLatency().count(), "one connect latency per session");
    assertTrue(result.after().connections() >= SESSIONS, "the node's parley_connections counts them: " + result.after());
    assertTrue(result.after().heapUsedBytes() > 0, "heap read from /metrics: " + result.after());
    assertTrue(result.after().rssBytes() > 0, "RSS read from /proc: " + result.after());
    assertTrue(result.idleCores() > 0, "the node's CPU over the hold read: " + result.idleCores());
  }

  private static BenchResult run(String scenario, Pacing pacing) {
    ScenarioConfig config =
        new ScenarioConfig(scenario, List.of(URI.create(node.httpUrl())), CHANNELS, MEMBERS, WRITERS, pacing, Duration.ZERO, RUN, TEXT_CHARS, TIMEOUT);
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
