package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A user's bytes in files: reserved up to the limit, each file once, given back on release, kept across restarts. */
class FileQuotaTest {
  private static final PersistFailureBackoff BACKOFF = new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final long LIMIT = 1000;
  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<FileQuota.Command, FileQuota.Event, FileQuota.State> kit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("FileQuotaTest", EntityTestConfig.config());
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), FileQuota.create("u1", 3, BACKOFF), EventSourcedBehaviorTestKit.enabledSerializationSettings());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  private static Outcome<FileQuota.Usage> reserve(String fileId, long size) {
    return kit.<Outcome<FileQuota.Usage>>runCommand(r -> new FileQuota.Reserve(fileId, size, LIMIT, r)).reply();
  }

  @Test
  void reservationsStopAtTheLimitAndReleasesGiveRoomBack() {
    assertEquals(Outcome.accepted(new FileQuota.Usage(600)), reserve("f1", 600));
    assertEquals(Outcome.accepted(new FileQuota.Usage(600)), reserve("f1", 600), "the same file again counts once");
    Outcome.Rejected<?> over = assertInstanceOf(Outcome.Rejected.class, reserve("f2", 401));
    assertEquals(Outcome.Reason.TOO_MANY, over.reason());
    assertTrue(over.message().contains("600 of 1000"), over.message());
    assertEquals(Outcome.accepted(new FileQuota.Usage(1000)), reserve("f2", 400), "exactly the limit fits");
    assertEquals(Outcome.accepted(new FileQuota.Usage(400)), kit.<Outcome<FileQuota.Usage>>runCommand(r -> new FileQuota.Release("f1", r)).reply());
    assertEquals(Outcome.accepted(new FileQuota.Usage(400)), kit.<Outcome<FileQuota.Usage>>runCommand(r -> new FileQuota.Release("f1", r)).reply());
    kit.restart();
    assertEquals(Outcome.accepted(new FileQuota.Usage(400)), kit.<Outcome<FileQuota.Usage>>runCommand(FileQuota.GetUsage::new).reply());
  }
}
