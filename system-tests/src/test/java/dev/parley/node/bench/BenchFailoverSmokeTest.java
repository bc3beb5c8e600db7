package dev.parley.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.bench.FailoverConfig;
import dev.parley.bench.FailoverResult;
import dev.parley.bench.FailoverRun;
import dev.parley.node.testing.TestNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The failover scenario at tiny scale in this JVM: the "kill" stops the node and starts a new one
 * on the same H2 database at another port, the second address the writers know. It checks that
 * the writers moved over, that every channel saw an unavailability window, and that history holds
 * every acknowledged post exactly once at its seq; never how fast.
 */
class BenchFailoverSmokeTest {
  private static final int CHANNELS = 3;
  private static final double RATE = 30;
  private static final Duration DURATION = Duration.ofSeconds(12);
  private static final Duration KILL_AFTER = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RECONNECT_DELAY = Duration.ofMillis(100);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
  private static final int TEXT_CHARS = 16;

  private final AtomicReference<TestNode> node = new AtomicReference<>();

  @AfterEach
  void stopNode() {
    node.get().close();
  }

  @Test
  void writersMoveToTheOtherNodeAndHistoryHoldsEveryAckedPostOnce() {
    TestNode first = TestNode.startH2(TestNode.UNLIMITED);
    node.set(first);
    int secondPort = TestNode.freePort();
    FailoverConfig config =
        new FailoverConfig(List.of(URI.create(first.httpUrl()), URI.create("http://127.0.0.1:" + secondPort)), CHANNELS, RATE,
            DURATION, KILL_AFTER, "stop the node, start another on its database", TIMEOUT, SETUP_TIMEOUT, RECONNECT_DELAY,
            CHECK_TIMEOUT, TEXT_CHARS);

    FailoverResult result = FailoverRun.run(config, () -> {
      first.close();
      node.set(TestNode.startH2At(first.dataDir(), secondPort, TestNode.UNLIMITED));
      return "restarted";
    }, new PrintStream(OutputStream.nullOutputStream()));

    assertTrue(result.correct(), "correct: " + result);
    assertEquals(CHANNELS, result.channelsChecked(), "every channel's history read: " + result);
    assertEquals(0, result.lost() + result.duplicated() + result.moved(), "every acked post once at its seq: " + result);
    assertEquals(0, result.seqReused(), "no seq acked for two posts: " + result);
    assertTrue(result.ackedAfterKill() > 0, "posting resumed on the other node: " + result);
    result.windows().forEach(w -> {
      assertTrue(w.unavailableMs() > 0, "a window around the kill for every channel: " + result);
      assertTrue(w.reconnects() > 0, "every writer moved: " + result);
    });
  }
}
