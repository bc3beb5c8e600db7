package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A member who only reads, the way a real client does: on a lost connection it reconnects to
 * another node and resumes every channel from the last seq it saw, and on a {@code gap} (more
 * events missed than the server replays) it reads the missing ones with {@code history}. It records
 * every violation of "every channel event exactly once, in order" (a repeated or skipped seq, live
 * or in the history it read).
 */
public final class Receiver implements AutoCloseable {
  private static final int HISTORY_PAGE = 200;

  private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
  /** Per channel, the last seq read with history after a gap: live events up to it were read there. */
  private final Map<String, Long> readThrough = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong gapsRead = new AtomicLong();
  private final Thread thread;
  private volatile WsClient current;

  public Receiver(Accounts.User user, List<String> channelIds, IntFunction<String> wsUrlOf, int firstAttempt) {
    channelIds.forEach(id -> lastSeq.put(id, 0L));
    thread = new Thread(() -> receive(user, wsUrlOf, firstAttempt), "receiver-" + user.username());
    thread.setDaemon(true);
  }

  public Receiver start() {
    thread.start();
    return this;
  }

  private void receive(Accounts.User user, IntFunction<String> wsUrlOf, int attempt) {
    while (running.get()) {
      try (WsClient client = WsClient.connect(wsUrlOf.apply(attempt))) {
        current = client;
        JsonNode auth =
            client.request(
                "auth",
                n -> {
                  n.put("token", user.accessToken());
                  ObjectNode resume = n.putObject("resume");
                  lastSeq.forEach(resume::put);
                });
        if (!"ok".equals(auth.path("op").asText())) {
          throw new IllegalStateException("auth: " + auth);
        }
        while (running.get()) {
          JsonNode frame = client.awaitFrame(f -> "event".equals(f.path("op").asText()));
          String type = frame.path("type").asText();
          JsonNode data = frame.path("data");
          if ("gap".equals(type)) {
            readMissed(client, data.path("channelId").asText(), data.path("after").asLong());
            continue;
          }
          String channelId = data.path("channelId").asText();
          if (!data.has("seq") || !lastSeq.containsKey(channelId)) {
            continue;
          }
          long seq = data.path("seq").asLong();
          if (seq <= readThrough.getOrDefault(channelId, 0L)) {
            continue;
          }
          long expected = lastSeq.get(channelId) + 1;
          if (seq != expected) {
            violations.add(channelId + ": got seq " + seq + ", expected " + expected);
          }
          lastSeq.merge(channelId, seq, Math::max);
        }
      } catch (RuntimeException | AssertionError lost) {
        if (running.get()) {
          reconnects.incrementAndGet();
        }
        attempt++;
      }
    }
  }

  /** What a client does on {@code gap}: reads the events after {@code after} with history, in pages. */
  private void readMissed(WsClient client, String channelId, long after) {
    if (!lastSeq.containsKey(channelId)) {
      return;
    }
    if (after != lastSeq.get(channelId)) {
      violations.add(channelId + ": gap after " + after + ", but the last seq seen was " + lastSeq.get(channelId));
    }
    long from = after;
    boolean more = true;
    while (more) {
      long pageAfter = from;
      JsonNode page =
          client.ok(
              "history",
              n -> {
                n.put("channelId", channelId);
                n.put("after", pageAfter);
                n.put("limit", HISTORY_PAGE);
              });
      for (JsonNode event : page.path("events")) {
        long seq = event.path("data").path("seq").asLong();
        if (seq != from + 1) {
          violations.add(channelId + ": history after a gap gave seq " + seq + ", expected " + (from + 1));
        }
        from = Math.max(from, seq);
      }
      more = page.path("hasMore").asBoolean() && page.path("events").size() > 0;
    }
    lastSeq.merge(channelId, from, Math::max);
    readThrough.put(channelId, from);
    gapsRead.incrementAndGet();
  }

  /** How often the connection was lost while receiving (a close at the end does not count). */
  public long reconnects() {
    return reconnects.get();
  }

  /** How many {@code gap}s this receiver read past with history. */
  public long gapsRead() {
    return gapsRead.get();
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** Waits until this receiver has seen every channel up to the given seqs. */
  public void awaitCaughtUp(Map<String, Long> heads, long timeoutSeconds) {
    LocalCluster.awaitCondition(
        () -> heads.entrySet().stream().allMatch(e -> lastSeq.getOrDefault(e.getKey(), 0L) >= e.getValue()),
        java.time.Duration.ofSeconds(timeoutSeconds),
        "receiver to catch up to " + heads + " (at " + lastSeq + ")");
  }

  @Override
  public void close() {
    running.set(false);
    WsClient client = current;
    if (client != null) {
      client.abort();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
