package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Steady posting from many connections spread over the nodes, the way real clients behave: one
 * post in flight per connection; when a node dies or drains, reconnect to another node and send
 * the unacknowledged post again with the same {@code clientMsgId}. Records every acknowledgement
 * with its time, for {@link PostChecker} and for unavailability windows.
 */
public final class Traffic implements AutoCloseable {

  /** An acknowledged post. */
  public record Ack(String channelId, String clientMsgId, String text, long seq, long atNanos) {}

  private static final java.time.Duration RECONNECT_BACKOFF = java.time.Duration.ofMillis(100);
  /**
   * After a refusal ({@code unavailable} while an entity moves) a writer waits, doubling from the
   * first to the longest wait, as the clients of issue 22's measurement did: a node may answer
   * {@code unavailable} at once, and a client must not spin on it.
   */
  private static final java.time.Duration FIRST_RETRY_WAIT = java.time.Duration.ofMillis(100);

  private static final java.time.Duration LONGEST_RETRY_WAIT = java.time.Duration.ofSeconds(1);

  /**
   * A post with no answer this long means the connection is dead: the writer reconnects to another
   * node and sends it again. A node answers every request within its ask timeout (2 s), if only
   * with {@code unavailable}, so silence past that is a frozen or cut-off node, which never closes
   * the socket; with the generic 15 s of {@link WsClient#TIMEOUT}, a channel whose every writer was
   * on a frozen node went 15 s without an ack however fast the cluster moved it (docs/reliability.md).
   */
  public static final java.time.Duration REPLY_TIMEOUT = java.time.Duration.ofSeconds(3);

  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<Accounts.User> users;
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  /** Each writer's post sent but not yet acknowledged: at the end, posts whose fate is unknown. */
  private final Map<Integer, String> unacknowledged = new ConcurrentHashMap<>();
  /** How requests were answered: "ok", an error code, or "no-reply" (timed out or the socket died). */
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
  private final AtomicLong longestWaitNanos = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong reconnects = new AtomicLong();
  private final java.time.Duration pauseBetweenPosts;
  private final String idPrefix;
  private final List<String> channelIds;

  /**
   * @param users one logged-in member of every channel per writer
   * @param wsUrlOf the WebSocket URL of a live node for the n-th connection attempt of a writer
   */
  public Traffic(List<Accounts.User> users, List<String> channelIds, IntFunction<String> wsUrlOf) {
    this(users, channelIds, wsUrlOf, java.time.Duration.ZERO);
  }

  /**
   * Writers that pause after each acknowledged post, to stay under a node's per-connection rate
   * limit the way a polite client does.
   */
  public Traffic(
      List<Accounts.User> users, List<String> channelIds, IntFunction<String> wsUrlOf, java.time.Duration pauseBetweenPosts) {
    this(users, channelIds, wsUrlOf, pauseBetweenPosts, "w");
  }

  /** With {@code clientMsgId}s starting with {@code idPrefix}: a later run of the same writers posts anew. */
  public Traffic(
      List<Accounts.User> users,
      List<String> channelIds,
      IntFunction<String> wsUrlOf,
      java.time.Duration pauseBetweenPosts,
      String idPrefix) {
    this.pauseBetweenPosts = pauseBetweenPosts;
    this.idPrefix = idPrefix;
    this.channelIds = List.copyOf(channelIds);
    this.users = List.copyOf(users);
    for (int w = 0; w < users.size(); w++) {
      int writer = w;
      Thread thread = new Thread(() -> write(writer, users.get(writer), channelIds, wsUrlOf), "traffic-" + w);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  public Traffic start() {
    threads.forEach(Thread::start);
    return this;
  }

  /**
   * One more writer, started at once, posting as {@code user} round {@code channelIds} (a subset
   * of the load's) through {@code wsUrlOf}: a fault can keep a chosen node busy with chosen
   * channels. Its acks are checked with the others'; the {@code clientMsgId}s of its posts start
   * with the prefix returned.
   */
  public synchronized String addWriter(Accounts.User user, List<String> channelIds, IntFunction<String> wsUrlOf) {
    int writer = threads.size();
    Thread thread = new Thread(() -> write(writer, user, List.copyOf(channelIds), wsUrlOf), "traffic-" + writer);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return idPrefix + writer + "-";
  }

  /** How many posts whose {@code clientMsgId} starts with {@code prefix} were acknowledged. */
  public long acksOf(String prefix) {
    return acks.stream().filter(ack -> ack.clientMsgId().startsWith(prefix)).count();
  }

  /** The n-th writer's user. */
  public Accounts.User user(int writer) {
    return users.get(writer);
  }

  private void write(int writer, Accounts.User user, List<String> channelIds, IntFunction<String> wsUrlOf) {
    int attempt = writer;
    int n = 0;
    String pendingId = null;
    String pendingChannel = null;
    java.time.Duration retryWait = FIRST_RETRY_WAIT;
    while (running.get()) {
      try (WsClient client = WsClient.authenticated(wsUrlOf.apply(attempt), user.accessToken())) {
        while (running.get()) {
          if (pendingId == null) {
            pendingChannel = channelIds.get((writer + n) % channelIds.size());
            pendingId = idPrefix + writer + "-" + n++;
          }
          String id = pendingId;
          String channelId = pendingChannel;
          String text = "post " + id;
          unacknowledged.put(writer, id);
          long sentAt = System.nanoTime();
          JsonNode reply;
          try {
            reply = client.request("message.post", f -> f.put("channelId", channelId).put("clientMsgId", id).put("text", text), REPLY_TIMEOUT);
          } catch (RuntimeException | AssertionError noReply) {
            answered("no-reply", sentAt);
            throw noReply;
          }
          boolean ok = "ok".equals(reply.path("op").asText());
          answered(ok ? "ok" : reply.path("code").asText("?"), sentAt);
          if (ok) {
            acks.add(new Ack(channelId, id, text, reply.path("data").path("seq").asLong(), System.nanoTime()));
            unacknowledged.remove(writer);
            pendingId = null;
            retryWait = FIRST_RETRY_WAIT;
            pause(pauseBetweenPosts);
          } else {
            pause(retryWait);
            retryWait = retryWait.multipliedBy(2).compareTo(LONGEST_RETRY_WAIT) > 0 ? LONGEST_RETRY_WAIT : retryWait.multipliedBy(2);
          }
        }
      } catch (RuntimeException | AssertionError lost) {
        reconnects.incrementAndGet();
        attempt++;
        pause(RECONNECT_BACKOFF);
      }
    }
  }

  private void answered(String outcome, long sentAt) {
    answers.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    longestWaitNanos.accumulateAndGet(System.nanoTime() - sentAt, Math::max);
  }

  /** Like a real client, do not hammer a node: after a refusal, and between posts when asked to. */
  private static void pause(java.time.Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The channels the writers post to. */
  public List<String> channelIds() {
    return channelIds;
  }

  public List<Ack> acks() {
    return List.copyOf(acks);
  }

  /** Posts sent and never acknowledged (in flight when the load stopped): either fate is allowed, once. */
  public List<String> unknown() {
    return List.copyOf(unacknowledged.values());
  }

  /** How many requests got each answer: "ok", an error code, or "no-reply". */
  public Map<String, Long> answers() {
    Map<String, Long> counts = new TreeMap<>();
    answers.forEach((outcome, count) -> counts.put(outcome, count.sum()));
    return counts;
  }

  /** The longest any request waited for its answer (or for the connection to fail). */
  public double longestWaitMillis() {
    return TimeUnit.NANOSECONDS.toMicros(longestWaitNanos.get()) / 1000.0;
  }

  public long reconnects() {
    return reconnects.get();
  }

  /** Waits until {@code more} further posts were acknowledged. */
  public void awaitMoreAcks(int more, long timeoutSeconds) {
    int target = acks.size() + more;
    LocalCluster.awaitCondition(() -> acks.size() >= target, java.time.Duration.ofSeconds(timeoutSeconds), target + " acks");
  }

  /**
   * The longest time a channel went without an acknowledged post around {@code atNanos}: from its
   * last ack before that instant to its first ack after it, the worst channel.
   */
  public double longestStallAfterMillis(long atNanos) {
    Map<String, Long> lastBefore = new ConcurrentHashMap<>();
    Map<String, Long> firstAfter = new ConcurrentHashMap<>();
    for (Ack ack : acks) {
      if (ack.atNanos() <= atNanos) {
        lastBefore.merge(ack.channelId(), ack.atNanos(), Math::max);
      } else {
        firstAfter.merge(ack.channelId(), ack.atNanos(), Math::min);
      }
    }
    long worst = 0;
    for (Map.Entry<String, Long> entry : lastBefore.entrySet()) {
      Long after = firstAfter.get(entry.getKey());
      if (after == null) {
        return Double.POSITIVE_INFINITY;
      }
      worst = Math.max(worst, after - entry.getValue());
    }
    return TimeUnit.NANOSECONDS.toMicros(worst) / 1000.0;
  }

  /**
   * The longest any channel went without an acknowledged post during {@code [fromNanos, toNanos]}:
   * the widest gap between consecutive acks of one channel that overlaps the interval, counting from
   * its last ack before it and to its first ack after it. Infinite when a channel never recovered.
   */
  public double longestGapMillis(long fromNanos, long toNanos) {
    Map<String, List<Long>> times = new HashMap<>();
    for (Ack ack : acks) {
      times.computeIfAbsent(ack.channelId(), k -> new ArrayList<>()).add(ack.atNanos());
    }
    long worst = 0;
    for (List<Long> channel : times.values()) {
      Collections.sort(channel);
      if (channel.get(channel.size() - 1) <= toNanos) {
        return Double.POSITIVE_INFINITY;
      }
      for (int i = 1; i < channel.size(); i++) {
        if (channel.get(i) >= fromNanos && channel.get(i - 1) <= toNanos) {
          worst = Math.max(worst, channel.get(i) - channel.get(i - 1));
        }
      }
    }
    return TimeUnit.NANOSECONDS.toMicros(worst) / 1000.0;
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
