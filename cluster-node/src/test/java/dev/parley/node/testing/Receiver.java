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
 * another node and resumes every channel from the last seq it saw. It records every violation of
 * "every channel event exactly once, in order" (a repeated or skipped seq).
 */
public final class Receiver implements AutoCloseable {
  private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong reconnects = new AtomicLong();
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
            violations.add("gap " + data);
            continue;
          }
          String channelId = data.path("channelId").asText();
          if (!data.has("seq") || !lastSeq.containsKey(channelId)) {
            continue;
          }
          long seq = data.path("seq").asLong();
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

  /** How often the connection was lost while receiving (a close at the end does not count). */
  public long reconnects() {
    return reconnects.get();
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
