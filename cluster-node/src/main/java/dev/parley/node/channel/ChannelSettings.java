package dev.parley.node.channel;

import com.typesafe.config.Config;
import dev.parley.node.PersistFailureBackoff;
import java.time.Duration;

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
}
