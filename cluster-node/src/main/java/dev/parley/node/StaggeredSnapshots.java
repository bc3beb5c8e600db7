package dev.parley.node;

import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * Snapshot intervals that differ a little from one entity to the next. With one interval for all,
 * entities that take events at the same pace snapshot in the same instant: in the 1,000 posts/s
 * benchmark (50 channels of 20 posts/s each, one snapshot every 200 events) all 50 channels
 * serialized and wrote their ~60 KB snapshots within 60 ms of each other every 10 s, and the posts
 * behind them waited (docs/benchmarks.md, "Session 17"). Each entity's interval is the configured
 * one plus up to a quarter more, fixed by its id, so equal paces drift apart after a few snapshots
 * and recovery never replays more than 1.25 intervals of events.
 */
public final class StaggeredSnapshots {
  /** Two snapshots kept: one to fall back on if the newest cannot be read. */
  private static final int KEPT = 2;

  private StaggeredSnapshots() {}

  /** {@code every} plus an offset in [0, every / 4) taken from {@code entityId}. */
  public static int interval(int every, String entityId) {
    int spread = Math.max(1, every / 4);
    return every + Math.floorMod(entityId.hashCode(), spread);
  }

  /** Pekko's retention: a snapshot every {@link #interval} events, older ones deleted. */
  public static RetentionCriteria retention(int every, String entityId) {
    return RetentionCriteria.snapshotEvery(interval(every, entityId), KEPT);
  }
}
