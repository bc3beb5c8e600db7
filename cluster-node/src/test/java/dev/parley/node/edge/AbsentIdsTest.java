package dev.parley.node.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The edge's memory of ids that named nothing: for a while, bounded, and never past a creation it could hide. */
class AbsentIdsTest {
  private static final Duration TTL = Duration.ofSeconds(60);

  private final AtomicLong now = new AtomicLong(1_000);
  private final AbsentIds absent = new AbsentIds(3, TTL, now::get);

  private void remember(String id) {
    absent.remember(id, absent.ticket());
  }

  @Test
  void anIdIsAbsentUntilItsTimeIsUp() {
    assertFalse(absent.isAbsent("c1"));
    remember("c1");
    assertTrue(absent.isAbsent("c1"));
    now.addAndGet(TTL.toNanos() - 1);
    assertTrue(absent.isAbsent("c1"));
    now.incrementAndGet();
    assertFalse(absent.isAbsent("c1"));
    assertFalse(absent.isAbsent("c1"));
  }

  @Test
  void aMissSeenAgainStartsItsTimeAgain() {
    remember("c1");
    now.addAndGet(TTL.toNanos() / 2);
    remember("c1");
    now.addAndGet(TTL.toNanos() / 2);
    assertTrue(absent.isAbsent("c1"));
  }

  @Test
  void creatingAnEntityForgetsItsId() {
    remember("d1");
    absent.forget("d1");
    assertFalse(absent.isAbsent("d1"));
  }

  @Test
  void anAnswerAskedForBeforeACreationIsNotRemembered() {
    long ticket = absent.ticket();
    absent.forget("d1");
    absent.remember("d1", ticket);
    assertFalse(absent.isAbsent("d1"), "a miss that raced the creation would hide the new entity");

    absent.remember("d1", absent.ticket());
    assertTrue(absent.isAbsent("d1"), "a miss asked for after the creation is the entity's answer now");
  }

  @Test
  void pastItsCapacityTheOldestIdGoesFirst() {
    remember("c1");
    now.incrementAndGet();
    remember("c2");
    now.incrementAndGet();
    remember("c3");
    now.incrementAndGet();
    remember("c4");
    assertFalse(absent.isAbsent("c1"));
    assertTrue(absent.isAbsent("c2"));
    assertTrue(absent.isAbsent("c3"));
    assertTrue(absent.isAbsent("c4"));

    remember("c2");
    remember("c5");
    assertFalse(absent.isAbsent("c3"), "c2 was seen again, so c3 was the oldest");
    assertTrue(absent.isAbsent("c2"));
  }
}
