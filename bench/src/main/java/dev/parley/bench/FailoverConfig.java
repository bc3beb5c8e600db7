package dev.parley.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One {@code failover} run: {@code channels} writers (one channel each) post {@code postsPerSecond}
 * in total for {@code duration}; {@code killAfter} into the run the kill action takes a node down.
 * Writer {@code w} starts on {@code urls[w % urls.size()]} and, when a request fails or its
 * connection is lost, moves to the next address and retries the same {@code clientMsgId}. {@code
 * timeout} is how long a writer waits for one reply before it moves on; set-up requests may take
 * {@code setupTimeout}; a post may keep retrying, and the history check may take, {@code
 * checkTimeout} after the load.
 */
public record FailoverConfig(
    List<URI> urls,
    int channels,
    double postsPerSecond,
    Duration duration,
    Duration killAfter,
    String killDescription,
    Duration timeout,
    Duration setupTimeout,
    Duration reconnectDelay,
    Duration checkTimeout,
    int textChars) {

  public FailoverConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one --url");
    }
    if (channels < 1 || postsPerSecond <= 0 || textChars < 1) {
      throw new IllegalArgumentException("channels, rate and text chars must be above 0");
    }
    if (killAfter.compareTo(duration) >= 0) {
      throw new IllegalArgumentException("--kill-after must fall within --duration");
    }
  }
}
