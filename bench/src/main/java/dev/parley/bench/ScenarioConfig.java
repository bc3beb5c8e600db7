package dev.parley.bench;

import java.net.URI;
import java.time.Duration;

/**
 * One run: {@code writers} connections post to {@code channels} channels of {@code
 * membersPerChannel} members each. Writers are members too: writer {@code w} posts to channel
 * {@code w % channels} as its member {@code w / channels}, so there can be at most {@code channels
 * * membersPerChannel} writers.
 */
public record ScenarioConfig(
    String scenario,
    URI url,
    int channels,
    int membersPerChannel,
    int writers,
    Pacing pacing,
    Duration warmup,
    Duration duration,
    int textChars,
    Duration timeout) {

  public ScenarioConfig {
    if (channels < 1 || membersPerChannel < 1 || writers < 1) {
      throw new IllegalArgumentException("channels, members and writers must be at least 1");
    }
    if (writers > channels * membersPerChannel) {
      throw new IllegalArgumentException(
          "at most channels * members = " + channels * membersPerChannel + " writers: every writer is a distinct member");
    }
  }
}
