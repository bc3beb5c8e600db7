package dev.parley.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One run: {@code writers} connections post to {@code channels} channels of {@code
 * membersPerChannel} members each. Writers are members too: writer {@code w} posts to channel
 * {@code w % channels} as its member {@code w / channels}, so there can be at most {@code channels
 * * membersPerChannel} writers. Members connect to the {@code urls} in turn.
 */
public record ScenarioConfig(
    String scenario,
    List<URI> urls,
    int channels,
    int membersPerChannel,
    int writers,
    Pacing pacing,
    Duration warmup,
    Duration duration,
    int textChars,
    Duration timeout) {

  public ScenarioConfig {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one --url");
    }
    urls = List.copyOf(urls);
    if (channels < 1 || membersPerChannel < 1 || writers < 1) {
      throw new IllegalArgumentException("channels, members and writers must be at least 1");
    }
    if (writers > channels * membersPerChannel) {
      throw new IllegalArgumentException(
          "at most channels * members = " + channels * membersPerChannel + " writers: every writer is a distinct member");
    }
  }

  /** Where set-up requests go: the first node. */
  public URI url() {
    return urls.get(0);
  }

  /** The node member {@code index} (of all channels' members, channel by channel) connects to. */
  public URI urlOf(int index) {
    return urls.get(index % urls.size());
  }

  /** The nodes, as given on the command line. */
  public String describeUrls() {
    return urls.stream().map(URI::toString).collect(Collectors.joining(","));
  }
}
