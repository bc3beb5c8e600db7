package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A file's record: one post claims it (again on a retry, never a second post), removal is for good. */
class AttachmentTest {
  private static final PersistFailureBackoff BACKOFF = new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
  private static final FileInfo FILE = new FileInfo("f1", "c1", "u1", "plan.png", 2048, "image/png", true, 1);
  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<Attachment.Command, Attachment.Event, Attachment.State> kit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("AttachmentTest", EntityTestConfig.config());
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Attachment.create("f1", BACKOFF, new ManualClock(1)),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
  }

  private static Outcome.Rejected<?> rejected(Outcome<?> outcome) {
    return assertInstanceOf(Outcome.Rejected.class, outcome);
  }

  @Test
  void aFileIsClaimedByOnePostAndAgainByItsRetryOnly() {
    assertEquals(Outcome.accepted(FILE), kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Register(FILE, r)).reply());
    assertEquals(Outcome.Reason.NOT_FOUND, rejected(kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Claim("c1", "u2", "c1/u2/m1", r)).reply()).reason());
    assertEquals(Outcome.Reason.BAD_REQUEST, rejected(kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Claim("c2", "u1", "c2/u1/m1", r)).reply()).reason());
    var claimed = kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Claim("c1", "u1", "c1/u1/m1", r));
    assertEquals(Outcome.accepted(FILE), claimed.reply());
    assertEquals(List.of(new Attachment.Claimed("c1/u1/m1", 1)), claimed.events());
    var retried = kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Claim("c1", "u1", "c1/u1/m1", r));
    assertEquals(Outcome.accepted(FILE), retried.reply());
    assertTrue(retried.events().isEmpty());
    assertTrue(rejected(kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Claim("c1", "u1", "c1/u1/m2", r)).reply()).message().contains("already in another message"));
    kit.restart();
    assertEquals(Outcome.accepted(new Attachment.Stored(FILE, "c1/u1/m1")), kit.<Outcome<Attachment.Stored>>runCommand(Attachment.Get::new).reply());
  }

  @Test
  void aRemovedFileIsNotFoundAndRemovingAgainIsAnsweredAlike() {
    assertEquals(Outcome.Reason.NOT_FOUND, rejected(kit.<Outcome<FileInfo>>runCommand(Attachment.Remove::new).reply()).reason());
    kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Register(FILE, r));
    assertEquals(Outcome.accepted(FILE), kit.<Outcome<FileInfo>>runCommand(Attachment.Remove::new).reply());
    var again = kit.<Outcome<FileInfo>>runCommand(Attachment.Remove::new);
    assertEquals(Outcome.accepted(FILE), again.reply());
    assertTrue(again.events().isEmpty());
    assertEquals(Outcome.Reason.NOT_FOUND, rejected(kit.<Outcome<Attachment.Stored>>runCommand(Attachment.Get::new).reply()).reason());
    assertEquals(Outcome.Reason.NOT_FOUND, rejected(kit.<Outcome<FileInfo>>runCommand(r -> new Attachment.Claim("c1", "u1", "c1/u1/m1", r)).reply()).reason());
  }
}
