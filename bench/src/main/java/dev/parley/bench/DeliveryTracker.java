package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Follows every post from its intended send time to its {@code ok} and to its {@code
 * message.posted} at each member of its channel. A post is identified by its {@code clientMsgId},
 * unique in the run. A member counts a channel event whose {@code seq} is not above the last one
 * it saw as a duplicate (the contract delivers each event once, in seq order per channel).
 */
final class DeliveryTracker {
  private static final long NANOS_PER_MICRO = 1000;
  /** Histogram precision: three significant digits. */
  private static final int SIGNIFICANT_DIGITS = 3;

  /** One post on its way. */
  static final class Post {
    private final long intendedNanos;
    private final boolean measured;
    private final AtomicInteger delivered = new AtomicInteger();
    private volatile boolean acked;

    private Post(long intendedNanos, boolean measured) {
      this.intendedNanos = intendedNanos;
      this.measured = measured;
    }
  }

  private final int membersPerChannel;
  private final Map<String, Post> undelivered = new ConcurrentHashMap<>();
  private final Histogram ackMicros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
  private final Histogram deliveryMicros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
  /** The same latencies, warm-up included, per progress interval (for the timeline). */
  private final Recorder ackInterval = new Recorder(SIGNIFICANT_DIGITS);
  private final Recorder deliveryInterval = new Recorder(SIGNIFICANT_DIGITS);
  private final LongAdder sent = new LongAdder();
  private final LongAdder measuredSent = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder measuredAcked = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder measuredDeliveries = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder unexpected = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  DeliveryTracker(int membersPerChannel) {
    this.membersPerChannel = membersPerChannel;
  }

  Post sent(String clientMsgId, long intendedNanos, boolean measured) {
    Post post = new Post(intendedNanos, measured);
    undelivered.put(clientMsgId, post);
    sent.increment();
    if (measured) {
      measuredSent.increment();
    }
    return post;
  }

  void acked(Post post, long nowNanos) {
    post.acked = true;
    acked.increment();
    long latency = micros(nowNanos - post.intendedNanos);
    ackInterval.recordValue(latency);
    if (post.measured) {
      measuredAcked.increment();
      ackMicros.recordValue(latency);
    }
  }

  void failed(Throwable error) {
    errors.increment();
    firstError.compareAndSet(null, String.valueOf(error instanceof BenchException ? error.getMessage() : error));
  }

  /** A listener for one member's connection; its {@code joined} completes on its own {@code member.joined}. */
  Member member(String channelId, String userId) {
    return new Member(channelId, userId);
  }

  private void delivered(String clientMsgId, long nowNanos) {
    Post post = undelivered.get(clientMsgId);
    if (post == null) {
      unexpected.increment();
      return;
    }
    deliveries.increment();
    if (post.measured) {
      measuredDeliveries.increment();
    }
    if (post.delivered.incrementAndGet() == membersPerChannel) {
      undelivered.remove(clientMsgId);
      long latency = micros(nowNanos - post.intendedNanos);
      deliveryInterval.recordValue(latency);
      if (post.measured) {
        deliveryMicros.recordValue(latency);
      }
    }
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / NANOS_PER_MICRO);
  }

  /** Acknowledged posts some member has not received yet. */
  long awaitingDelivery() {
    return undelivered.values().stream().filter(p -> p.acked).count();
  }

  /** Deliveries still owed to members for acknowledged posts. */
  long missingDeliveries() {
    return undelivered.values().stream().filter(p -> p.acked).mapToLong(p -> membersPerChannel - p.delivered.get()).sum();
  }

  long sent() {
    return sent.sum();
  }

  long measuredSent() {
    return measuredSent.sum();
  }

  long acked() {
    return acked.sum();
  }

  long measuredAcked() {
    return measuredAcked.sum();
  }

  long deliveries() {
    return deliveries.sum();
  }

  long measuredDeliveries() {
    return measuredDeliveries.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long unexpected() {
    return unexpected.sum();
  }

  long errors() {
    return errors.sum();
  }

  String firstError() {
    return firstError.get();
  }

  Latency ackLatency() {
    return Latency.of(ackMicros);
  }

  Latency deliveryLatency() {
    return Latency.of(deliveryMicros);
  }

  /** Post to {@code ok} of the acks since the last call. */
  Latency intervalAckLatency() {
    return Latency.of(ackInterval.getIntervalHistogram());
  }

  /** Post to every member, of the posts completed since the last call. */
  Latency intervalDeliveryLatency() {
    return Latency.of(deliveryInterval.getIntervalHistogram());
  }

  /** One member's connection: its events arrive one at a time, so {@code lastSeq} needs no lock. */
  final class Member implements BenchClient.Listener {
    private final String channelId;
    private final String userId;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private long lastSeq;

    private Member(String channelId, String userId) {
      this.channelId = channelId;
      this.userId = userId;
    }

    CompletableFuture<Void> joined() {
      return joined;
    }

    @Override
    public void onEvent(String type, JsonNode data) {
      if (!channelId.equals(data.path("channelId").asText()) || !data.has("seq")) {
        return; // ephemeral events (presence, typing) and other channels are not measured
      }
      long seq = data.path("seq").asLong();
      if (seq <= lastSeq) {
        duplicates.increment();
        return;
      }
      lastSeq = seq;
      switch (type) {
        case "member.joined" -> {
          if (userId.equals(data.path("userId").asText())) {
            joined.complete(null);
          }
        }
        case "message.posted" -> delivered(data.path("clientMsgId").asText(), System.nanoTime());
        default -> {}
      }
    }

    @Override
    public void onClosed(int code, String reason) {
      failed(new BenchException("closed", "a member's connection closed (" + code + " " + reason + ")"));
    }
  }
}
