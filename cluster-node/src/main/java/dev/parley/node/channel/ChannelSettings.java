package dev.parley.node.channel;

import com.typesafe.config.Config;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.StaggeredSnapshots;
import java.time.Duration;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** Tuning of the Channel entity, from {@code parley.channel}. */
public record ChannelSettings(
    int snapshotEvery,
    int recentEvents,
    int recentPostIds,
    Duration subscriberTtl,
    PersistFailureBackoff persistFailureBackoff) {

  public static ChannelSettings from(Config config) {
    Config c = config.getConfig("parley.channel");
    return new ChannelSettings(
        c.getInt("snapshot-every"),
        c.getInt("recent-events"),
        c.getInt("recent-post-ids"),
        c.getDuration("subscriber-ttl"),
        PersistFailureBackoff.from(config));
  }

  /** The snapshots of channel {@code channelId}: every {@code snapshotEvery} events, staggered by its id. */
  RetentionCriteria retention(String channelId) {
    return StaggeredSnapshots.retention(snapshotEvery, channelId);
  }
}
