package dev.parley.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A raw WebSocket client for tests: sends JSON frames, waits for replies by {@code ref} and for
 * events by condition, each with a deadline; records the close code.
 */
public final class WsClient implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Duration CLOSED_CHECK = Duration.ofMillis(50);
  /** RFC 6455: the connection ended without a close frame. */
  private static final int ABNORMAL_CLOSURE = 1006;

  /** The socket closed while a reply or event was awaited. */
  public static final class ClosedException extends RuntimeException {
    ClosedException(int code) {
      super("socket closed with " + code, null, false, false);
    }
  }
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonNode> frames;
  /** Every frame received, in order, whether or not a wait took it: for checks of what must not arrive. */
  private final List<JsonNode> received;
  /** Frames taken from the queue while looking for something else, kept for later waits. */
  private final List<JsonNode> skipped = new ArrayList<>();
  private final CompletableFuture<Integer> closed;
  private final AtomicInteger refs = new AtomicInteger();

  private WsClient(WebSocket socket, Listener listener) {
    this.socket = socket;
    this.frames = listener.frames;
    this.received = listener.received;
    this.closed = listener.closed;
  }

  public static WsClient connect(String url) {
    return connect(url, true, null);
  }

  /** With {@code reading} false the client never asks for frames: a client that does not read. */
  public static WsClient connect(String url, boolean reading, String origin) {
    return open(url, reading, origin == null ? Map.of() : Map.of("Origin", origin));
  }

  /** With {@code headers} on the upgrade request (an {@code X-Forwarded-For} through a trusted proxy, say). */
  public static WsClient connect(String url, Map<String, String> headers) {
    return open(url, true, headers);
  }

  private static WsClient open(String url, boolean reading, Map<String, String> headers) {
    Listener listener = new Listener(reading);
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
    headers.forEach(builder::header);
    WebSocket socket = builder.buildAsync(URI.create(url), listener).join();
    return new WsClient(socket, listener);
  }

  /**
   * Connects and authenticates; returns the auth ok data. An {@code unavailable} answer (the
   * user's session entity moving, a node just restarted) is retried on the same socket, as the
   * contract tells clients to, until {@link #TIMEOUT}; any other refusal fails at once.
   */
  public static WsClient authenticated(String url, String token) {
    WsClient client = connect(url);
    client.authenticate(token);
    return client;
  }

  /** Connects and authenticates asking for these optional parts of the contract ({@code auth}'s {@code features}). */
  public static WsClient authenticated(String url, String token, List<String> features) {
    WsClient client = connect(url);
    client.authenticate(token, features);
    return client;
  }

  /** Authenticates this socket as {@link #authenticated} does. */
  public void authenticate(String token) {
    authenticate(token, null);
  }

  private void authenticate(String token, List<String> features) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode reply;
    do {
      reply =
          request(
              "auth",
              node -> {
                node.put("token", token);
                if (features != null) {
                  features.forEach(node.putArray("features")::add);
                }
              });
    } while ("unavailable".equals(reply.path("code").asText()) && System.nanoTime() < deadline);
    JsonNode ok = reply;
    assertEquals("ok", ok.path("op").asText(), () -> "auth failed: " + ok);
    authData = ok.path("data");
  }

  private JsonNode authData;

  public JsonNode authData() {
    return authData;
  }

  public void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  public void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  public interface Fields {
    void fill(ObjectNode node);
  }

  /** Sends a request and returns its reply (ok or error). */
  public JsonNode request(String op, Fields fields) {
    return request(op, fields, TIMEOUT);
  }

  /** As {@link #request(String, Fields)}, failing when no reply came within {@code timeout}. */
  public JsonNode request(String op, Fields fields, Duration timeout) {
    String ref = "r" + refs.incrementAndGet();
    ObjectNode node = JSON.createObjectNode();
    node.put("op", op);
    node.put("ref", ref);
    fields.fill(node);
    sendRaw(node.toString());
    return awaitFrame(f -> ref.equals(f.path("ref").asText(null)) && !"event".equals(f.path("op").asText()), timeout);
  }

  /** Sends a request that must succeed; returns its data. */
  public JsonNode ok(String op, Fields fields) {
    JsonNode reply = request(op, fields);
    if (!"ok".equals(reply.path("op").asText())) {
      fail(op + " failed: " + reply);
    }
    return reply.path("data");
  }

  /**
   * As {@link #ok}, retrying {@code unavailable} answers until {@link #TIMEOUT} as the contract
   * tells clients to: right after a cluster starts or loses a node, entities are still moving.
   */
  public JsonNode okWhenAvailable(String op, Fields fields) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode reply = request(op, fields);
    while ("unavailable".equals(reply.path("code").asText()) && System.nanoTime() < deadline) {
      reply = request(op, fields);
    }
    if (!"ok".equals(reply.path("op").asText())) {
      fail(op + " failed: " + reply);
    }
    return reply.path("data");
  }

  public JsonNode awaitEvent(String type, Predicate<JsonNode> dataMatches) {
    return awaitFrame(f -> "event".equals(f.path("op").asText()) && type.equals(f.path("type").asText()) && dataMatches.test(f.path("data")))
        .path("data");
  }

  /** The next frame that matches; frames passed over stay available to later waits. */
  public JsonNode awaitFrame(Predicate<JsonNode> matches) {
    return awaitFrame(matches, TIMEOUT);
  }

  private JsonNode awaitFrame(Predicate<JsonNode> matches, Duration timeout) {
    synchronized (skipped) {
      for (int i = 0; i < skipped.size(); i++) {
        if (matches.test(skipped.get(i))) {
          return skipped.remove(i);
        }
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonNode frame;
      try {
        frame = left > 0 ? frames.poll(Math.min(left, CLOSED_CHECK.toNanos()), TimeUnit.NANOSECONDS) : null;
        if (frame == null && left > 0) {
          if (closed.isDone() && frames.isEmpty()) {
            throw new ClosedException(closed.getNow(-1));
          }
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (frame == null) {
        throw new AssertionError("no matching frame within " + timeout + "; passed over: " + skipped);
      }
      if (matches.test(frame)) {
        return frame;
      }
      synchronized (skipped) {
        skipped.add(frame);
      }
    }
  }

  /** Every frame received so far, in order, including those that waits took or passed over. */
  public List<JsonNode> framesSoFar() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /**
   * Fails if any frame received so far matches. Call it once a later frame (a barrier) has
   * arrived: frames that were sent before the barrier have arrived by then too.
   */
  public void assertNoFrameMatching(Predicate<JsonNode> forbidden, String what) {
    List<JsonNode> matching = framesSoFar().stream().filter(forbidden).toList();
    if (!matching.isEmpty()) {
      fail(what + ": " + matching);
    }
  }

  public int awaitClose() {
    try {
      return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + TIMEOUT, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the connection without a close handshake; waits on this client end at once. */
  public void abort() {
    socket.abort();
    closed.complete(ABNORMAL_CLOSURE);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    private final boolean reading;
    private final StringBuilder partial = new StringBuilder();
    final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final List<JsonNode> received = new ArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    Listener(boolean reading) {
      this.reading = reading;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      if (reading) {
        webSocket.request(1);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode frame = JSON.readTree(partial.toString());
          synchronized (received) {
            received.add(frame);
          }
          frames.add(frame);
        } catch (Exception e) {
          throw new IllegalStateException("server sent invalid JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
