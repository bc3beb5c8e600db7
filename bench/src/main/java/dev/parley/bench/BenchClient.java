package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.WireCodec.IncomingFrame;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One WebSocket to {@code /v1/ws}, speaking the contract through the protocol module's codec.
 * Requests are correlated by {@code ref}; pushed events go to the {@link Listener} one at a time
 * per connection, in the order the server sent them.
 */
final class BenchClient implements AutoCloseable {

  /** Receives what the server pushes and the end of the connection. Never blocks. */
  interface Listener {
    void onEvent(String type, JsonNode data);

    /** The connection ended without {@link #close}. */
    void onClosed(int code, String reason);
  }

  /** Set-up requests answered {@code unavailable} (the server is busy) are tried this often in all... */
  private static final int SETUP_ATTEMPTS = 5;
  /** ...pausing this long times the attempt number in between. */
  private static final Duration SETUP_RETRY_PAUSE = Duration.ofSeconds(1);

  private final WireCodec codec;
  private final Duration timeout;
  private final Listener listener;
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong refs = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile WebSocketConnector.Socket socket;
  private volatile boolean closedLocally;

  private BenchClient(WireCodec codec, Duration timeout, Listener listener) {
    this.codec = codec;
    this.timeout = timeout;
    this.listener = listener;
  }

  static BenchClient open(WebSocketConnector connector, URI uri, WireCodec codec, Duration timeout, Listener listener) {
    return await(openAsync(connector, uri, Optional.empty(), codec, timeout, listener), timeout);
  }

  /** Opens a connection from {@code localAddress} (when given) without blocking the caller. */
  static CompletableFuture<BenchClient> openAsync(
      WebSocketConnector connector, URI uri, Optional<InetAddress> localAddress, WireCodec codec, Duration timeout, Listener listener) {
    BenchClient client = new BenchClient(codec, timeout, listener);
    return connector
        .open(uri, localAddress, client::dispatch, end -> client.ended(end.code(), end.reason()))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(socket -> {
          client.socket = socket;
          return client;
        });
  }

  /** Sends a request; the future completes with the {@code ok} data or fails with {@link BenchException}. */
  CompletableFuture<JsonNode> request(Request request) {
    return request(request, timeout);
  }

  /** {@link #request(Request)} with its own reply timeout. */
  CompletableFuture<JsonNode> request(Request request, Duration replyTimeout) {
    String ref = "r" + refs.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(ref, reply);
    if (ended.get()) {
      fail(ref, new BenchException(ErrorCode.UNAVAILABLE.wire(), "connection closed"));
      return reply;
    }
    if (!socket.send(codec.encodeRequest(ref, request))) {
      fail(ref, new BenchException(ErrorCode.UNAVAILABLE.wire(), "sending failed: send buffer full or connection closed"));
      return reply;
    }
    reply.orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((data, error) -> pending.remove(ref));
    return reply;
  }

  /** {@link #request} and wait for the reply. */
  JsonNode call(Request request) {
    return call(request, timeout);
  }

  /**
   * {@link #call(Request)} for set-up requests that may be repeated: one answered {@code
   * unavailable} is retried, as the contract tells clients to; {@code conflict} on a retry means
   * the earlier attempt went through after all.
   */
  JsonNode callRetrying(Request request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call(request);
      } catch (BenchException e) {
        if (attempt > 1 && ErrorCode.CONFLICT.wire().equals(e.code())) {
          return MissingNode.getInstance();
        }
        if (!ErrorCode.UNAVAILABLE.wire().equals(e.code()) || attempt >= SETUP_ATTEMPTS || !isOpen()) {
          throw e;
        }
        LockSupport.parkNanos(SETUP_RETRY_PAUSE.toNanos() * attempt);
      }
    }
  }

  /** {@link #call(Request)} with its own reply timeout. */
  JsonNode call(Request request, Duration replyTimeout) {
    return await(request(request, replyTimeout), replyTimeout);
  }

  /** Whether the connection has ended (closed by either side or broken). */
  boolean isOpen() {
    return !ended.get();
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
    if (socket != null) {
      socket.close();
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
}
