package dev.parley.node.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * One client of a reconnect storm, without a thread of its own: when its socket dies it reconnects
 * to another node after an exponential, jittered backoff, as real clients do, and resumes every channel from the
 * last seq it saw; an {@code unavailable} answer to its auth is retried after the same backoff. It records when it was resumed and every seq that came twice or was skipped.
 */
final class StormSession {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration FIRST_BACKOFF_SPREAD = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);
  /** A handshake that hangs (a SYN lost to a full accept queue) is given up and tried again, as real clients do. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Past this many doublings the backoff stays at its maximum. */
  private static final int MAX_DOUBLINGS = 5;

  private final String token;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final IntFunction<String> wsUrlOf;
  private final Random random;
  private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private volatile long resumedAtNanos;
  /** How this session's attempts went, for a report when the storm does not settle. */
  private final Map<String, java.util.concurrent.atomic.LongAdder> events = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private volatile WebSocket socket;
  private int attempt;
  /** The node this session's current connection goes to. */
  private volatile String connectedTo;
  /** Failed attempts since the last successful auth: each doubles the backoff's spread. */
  private final AtomicInteger failures = new AtomicInteger();

  StormSession(
      String token, List<String> channelIds, HttpClient http, ScheduledExecutorService scheduler, IntFunction<String> wsUrlOf, long seed) {
    this.token = token;
    this.http = http;
    this.scheduler = scheduler;
    this.wsUrlOf = wsUrlOf;
    this.random = new Random(seed);
    channelIds.forEach(id -> lastSeq.put(id, 0L));
  }

  /**
   * Connects to the node {@code wsUrlOf} gives for attempt {@code first}, and keeps coming back to
   * it until authenticated once; after that each reconnect tries the next node.
   */
  void start(int first) {
    attempt = first;
    connect();
  }

  /** Whether its current connection goes to the node at {@code wsUrl}. */
  boolean connectedTo(String wsUrl) {
    return wsUrl.equals(connectedTo);
  }

  /** When this session last authenticated and resumed; 0 before the first time. */
  long resumedAtNanos() {
    return resumedAtNanos;
  }

  Map<String, Long> events() {
    Map<String, Long> counts = new TreeMap<>();
    events.forEach((event, count) -> counts.put(event, count.sum()));
    return counts;
  }

  private void count(String event) {
    events.computeIfAbsent(event, k -> new LongAdder()).increment();
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  boolean caughtUp(Map<String, Long> heads) {
    return heads.entrySet().stream()
        .filter(head -> lastSeq.containsKey(head.getKey()))
        .allMatch(head -> lastSeq.get(head.getKey()) >= head.getValue());
  }

  /** Cuts the connection the way a flaky network does; the session reconnects and resumes. */
  void dropConnection() {
    WebSocket current = socket;
    if (current != null) {
      current.abort();
      reconnectLater();
    }
  }

  void close() {
    running = false;
    WebSocket current = socket;
    if (current != null) {
      current.abort();
    }
  }

  private synchronized void connect() {
    if (!running) {
      return;
    }
    String url = wsUrlOf.apply(resumedAtNanos == 0 ? attempt : attempt++);
    connectedTo = url;
    http.newWebSocketBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .buildAsync(URI.create(url), new Listener())
        .whenComplete(
            (opened, failure) -> {
              if (failure != null) {
                count("connect-failed");
                reconnectLater();
              }
            });
  }

  private void reconnectLater() {
    if (running) {
      scheduler.schedule(this::connect, backoffMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Exponential backoff with full jitter: a thousand clients cut at once neither come back at once
   * nor keep a recovering cluster busy with retries it cannot yet answer.
   */
  private long backoffMillis() {
    int doublings = Math.min(failures.getAndIncrement(), MAX_DOUBLINGS);
    long spread = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF_SPREAD.toMillis() << doublings);
    return MIN_BACKOFF.toMillis() + random.nextLong(spread);
  }

  private void authenticate(WebSocket webSocket) {
    ObjectNode auth = JSON.createObjectNode().put("op", "auth").put("ref", "auth").put("token", token);
    ObjectNode resume = auth.putObject("resume");
    lastSeq.forEach(resume::put);
    webSocket.sendText(auth.toString(), true);
  }

  private void onFrame(WebSocket webSocket, JsonNode frame) {
    String op = frame.path("op").asText();
    if ("auth".equals(frame.path("ref").asText())) {
      count("auth-" + ("ok".equals(op) ? "ok" : frame.path("code").asText()));
      if ("ok".equals(op)) {
        failures.set(0);
        resumedAtNanos = System.nanoTime();
      } else if ("unavailable".equals(frame.path("code").asText())) {
        scheduler.schedule(() -> authenticate(webSocket), backoffMillis(), TimeUnit.MILLISECONDS);
      } else {
        violations.add("auth refused: " + frame);
      }
      return;
    }
    if (!"event".equals(op)) {
      return;
    }
    JsonNode data = frame.path("data");
    if ("gap".equals(frame.path("type").asText())) {
      violations.add("gap " + data);
      return;
    }
    String channelId = data.path("channelId").asText();
    Long last = lastSeq.get(channelId);
    if (last == null || !data.has("seq")) {
      return;
    }
    long seq = data.path("seq").asLong();
    if (seq != last + 1) {
      violations.add(channelId + ": got seq " + seq + ", expected " + (last + 1));
    }
    lastSeq.merge(channelId, seq, Math::max);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      authenticate(webSocket);
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          onFrame(webSocket, JSON.readTree(partial.toString()));
        } catch (Exception e) {
          violations.add("unreadable frame: " + e.getMessage());
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      count("closed-" + statusCode);
      reconnectLater();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      count("error-" + error.getClass().getSimpleName());
      reconnectLater();
    }
  }
}
