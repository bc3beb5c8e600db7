package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaggeredSnapshotsTest {

  @Test
  void intervalsStayWithinAQuarterAboveTheSetting() {
    for (int i = 0; i < 1000; i++) {
      int interval = StaggeredSnapshots.interval(200, "c" + i);
      assertTrue(interval >= 200 && interval < 250, "interval " + interval);
    }
  }

  @Test
  void entitiesOfTheSamePaceGetDifferentIntervals() {
    // The benchmark's 50 channels: with one interval they snapshotted in the same instant.
    Set<Integer> intervals = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      intervals.add(StaggeredSnapshots.interval(200, Ids.channel()));
    }
    assertTrue(intervals.size() >= 20, "only " + intervals.size() + " distinct intervals among 50 channels");
  }

  @Test
  void anEntityKeepsItsInterval() {
    assertEquals(StaggeredSnapshots.interval(200, "cabc"), StaggeredSnapshots.interval(200, "cabc"));
  }

  @Test
  void aTinySettingIsKept() {
    assertEquals(1, StaggeredSnapshots.interval(1, "cabc"));
    assertEquals(3, StaggeredSnapshots.interval(3, "cabc"));
  }
}
