package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.WireCodec.IncomingFrame;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket to {@code /v1/ws}, speaking the contract through the protocol module's codec.
 * Requests are correlated by {@code ref}; pushed events go to the {@link Listener} on the HTTP
 * client's threads, one at a time per connection (the client asks for one message at a time), so
 * a listener sees a connection's events in the order the server sent them.
 */
final class BenchClient implements AutoCloseable {

  /** Receives what the server pushes and the end of the connection. Never blocks. */
  interface Listener {
    void onEvent(String type, JsonNode data);

    /** The connection ended without {@link #close}. */
    void onClosed(int code, String reason);
  }

  private static final int ABNORMAL_CLOSURE = 1006;
  /** How long a polite close may take before the socket is aborted. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  private final WireCodec codec;
  private final Duration timeout;
  private final Listener listener;
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong refs = new AtomicLong();
  private final StringBuilder partial = new StringBuilder();
  private volatile WebSocket webSocket;
  private volatile boolean closedLocally;
  private final AtomicBoolean ended = new AtomicBoolean();
  private CompletableFuture<WebSocket> sendChain = CompletableFuture.completedFuture(null);

  private BenchClient(WireCodec codec, Duration timeout, Listener listener) {
    this.codec = codec;
    this.timeout = timeout;
    this.listener = listener;
  }

  static BenchClient open(HttpClient http, URI uri, WireCodec codec, Duration timeout, Listener listener) {
    BenchClient client = new BenchClient(codec, timeout, listener);
    client.webSocket = await(http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, client.new Receiver()), timeout);
    return client;
  }

  /** Sends a request; the future completes with the {@code ok} data or fails with {@link BenchException}. */
  CompletableFuture<JsonNode> request(Request request) {
    String ref = "r" + refs.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(ref, reply);
    enqueue(codec.encodeRequest(ref, request))
        .whenComplete((ws, error) -> {
          if (error != null) {
            fail(ref, new BenchException(ErrorCode.UNAVAILABLE.wire(), "sending failed: " + error.getMessage()));
          }
        });
    reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((data, error) -> pending.remove(ref));
    return reply;
  }

  /** {@link #request} and wait for the reply. */
  JsonNode call(Request request) {
    return await(request(request), timeout);
  }

  /** The JDK WebSocket allows one outstanding send at a time: chain them. */
  private synchronized CompletableFuture<WebSocket> enqueue(String text) {
    CompletableFuture<WebSocket> next = sendChain.handle((ws, error) -> null).thenCompose(ignored -> webSocket.sendText(text, true));
    sendChain = next;
    return next;
  }

  private void fail(String ref, BenchException failure) {
    CompletableFuture<JsonNode> reply = pending.remove(ref);
    if (reply != null) {
      reply.completeExceptionally(failure);
    }
  }

  private void dispatch(String text) {
    IncomingFrame frame;
    try {
      frame = codec.decodeServerFrame(text);
    } catch (FrameException | ProtocolException e) {
      return; // not JSON: nothing to correlate it with
    }
    if (frame.isEvent()) {
      listener.onEvent(frame.type(), frame.data());
      return;
    }
    CompletableFuture<JsonNode> reply = frame.ref() == null ? null : pending.remove(frame.ref());
    if (reply == null) {
      return;
    }
    if (frame.isOk()) {
      reply.complete(frame.data());
    } else {
      reply.completeExceptionally(new BenchException(String.valueOf(frame.code()), String.valueOf(frame.message())));
    }
  }

  /** The JDK may report both an error and a close for one connection: the first one counts. */
  private void ended(int code, String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    BenchException lost = new BenchException(ErrorCode.UNAVAILABLE.wire(), "connection closed (" + code + " " + reason + ")");
    pending.keySet().forEach(ref -> fail(ref, lost));
    if (!closedLocally) {
      listener.onClosed(code, reason);
    }
  }

  @Override
  public void close() {
    closedLocally = true;
    try {
      webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // aborted below either way
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      webSocket.abort();
    }
  }

  /** Waits for a future, turning every failure into a {@link BenchException}. */
  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      if (e.getCause() instanceof BenchException failure) {
        throw failure;
      }
      throw new BenchException(ErrorCode.UNAVAILABLE.wire(), String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      throw new BenchException(ErrorCode.UNAVAILABLE.wire(), "no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException(ErrorCode.UNAVAILABLE.wire(), "interrupted");
    }
  }

  private final class Receiver implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        dispatch(message);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ws.request(1); // the contract has no binary frames from the server
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      ended(statusCode, reason);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended(ABNORMAL_CLOSURE, String.valueOf(error.getMessage()));
    }
  }
}
