package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.WireCodec.IncomingFrame;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One WebSocket to {@code /v1/ws}. Requests carry a fresh {@code ref}; the {@code ok} or
 * {@code error} with that ref completes the request's future, and no reply within the timeout
 * fails it with {@link CliException.RequestTimeout}. Everything else (events, errors without a
 * known ref) goes to the {@link Handler}, as does the end of the connection. Handler calls come
 * from the HTTP client's threads and must not block.
 */
final class Connection implements AutoCloseable {

  /** Receives what the server pushes. Never blocks. */
  interface Handler {
    void onFrame(Connection connection, IncomingFrame frame);

    /** The server closed the connection or it broke ({@code 1006}); not called after {@link #close}. */
    void onClosed(Connection connection, int code, String reason);

    Handler IGNORE =
        new Handler() {
          @Override
          public void onFrame(Connection connection, IncomingFrame frame) {}

          @Override
          public void onClosed(Connection connection, int code, String reason) {}
        };
  }

  private record Pending(String op, CompletableFuture<JsonNode> reply) {}

  private static final int ABNORMAL_CLOSURE = 1006;

  private final WireCodec codec;
  private final Duration timeout;
  private final Handler handler;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong refs = new AtomicLong();
  private final TextFrameAssembler assembler;
  private volatile WebSocket webSocket;
  private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
  private volatile boolean closed;
  private volatile boolean closedLocally;

  private Connection(WireCodec codec, Duration timeout, Handler handler) {
    this.codec = codec;
    this.timeout = timeout;
    this.handler = handler;
    // A frame is at most maxFrameBytes of UTF-8, so never more chars than that.
    this.assembler = new TextFrameAssembler(Math.max(codec.limits().maxFrameBytes(), 1 << 20));
  }

  /** Opens the WebSocket; fails with {@code unavailable} (or {@code forbidden} if refused). */
  static Connection open(HttpClient http, URI uri, WireCodec codec, Duration timeout, Handler handler) {
    Connection connection = new Connection(codec, timeout, handler);
    CompletableFuture<WebSocket> opening =
        http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, connection.new Listener());
    try {
      connection.webSocket = opening.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      return connection;
    } catch (ExecutionException e) {
      throw openFailure(uri, e.getCause(), timeout);
    } catch (TimeoutException e) {
      opening.cancel(true);
      throw new CliException.ConnectionLost(ABNORMAL_CLOSURE, "no WebSocket to " + uri + " within " + DurationConverter.format(timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException.ConnectionLost(ABNORMAL_CLOSURE, "interrupted");
    }
  }

  private static CliException openFailure(URI uri, Throwable cause, Duration timeout) {
    if (cause instanceof WebSocketHandshakeException refused) {
      int status = refused.getResponse().statusCode();
      if (status == 403) {
        return new CliException(ErrorCode.FORBIDDEN, "the WebSocket upgrade to " + uri + " was refused (HTTP 403)");
      }
      return new CliException.ConnectionLost(ABNORMAL_CLOSURE, "the WebSocket upgrade to " + uri + " failed (HTTP " + status + ")");
    }
    if (cause instanceof ConnectException) {
      return new CliException.ConnectionLost(ABNORMAL_CLOSURE, "cannot reach " + uri);
    }
    if (cause instanceof HttpTimeoutException) {
      return new CliException.ConnectionLost(ABNORMAL_CLOSURE, "no WebSocket to " + uri + " within " + DurationConverter.format(timeout));
    }
    return new CliException.ConnectionLost(ABNORMAL_CLOSURE, "cannot reach " + uri + ": " + cause);
  }

  boolean isOpen() {
    return !closed;
  }

  Duration timeout() {
    return timeout;
  }

  /** Sends a request of the contract's typed set. */
  CompletableFuture<JsonNode> request(Request request) {
    return send(request.op(), ref -> codec.encodeRequest(ref, request));
  }

  /** Sends any op with the given fields ({@code op} and {@code ref} in them are replaced). */
  CompletableFuture<JsonNode> request(String op, ObjectNode fields) {
    return send(op, ref -> {
      ObjectNode frame = Json.MAPPER.createObjectNode();
      frame.put("op", op);
      frame.put("ref", ref);
      for (Map.Entry<String, JsonNode> e : fields.properties()) {
        if (!e.getKey().equals("op") && !e.getKey().equals("ref")) {
          frame.set(e.getKey(), e.getValue());
        }
      }
      return frame.toString();
    });
  }

  /** {@link #request(Request)} and wait for the reply's {@code data}. */
  JsonNode call(Request request) {
    return await(request(request));
  }

  JsonNode call(String op, ObjectNode fields) {
    return await(request(op, fields));
  }

  private JsonNode await(CompletableFuture<JsonNode> reply) {
    try {
      // The future fails by itself after the timeout; the margin only guards against a bug.
      return reply.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CliException failure) {
        throw failure;
      }
      throw new CliException(ErrorCode.INTERNAL, String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      throw new CliException(ErrorCode.INTERNAL, "a request outlived its timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException.ConnectionLost(ABNORMAL_CLOSURE, "interrupted");
    }
  }

  private CompletableFuture<JsonNode> send(String op, Function<String, String> encoder) {
    String ref = "r" + refs.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    String text;
    try {
      text = encoder.apply(ref);
    } catch (RuntimeException e) {
      reply.completeExceptionally(new CliException(ErrorCode.BAD_REQUEST, "cannot encode '" + op + "': " + e.getMessage()));
      return reply;
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > Limits.DEFAULTS.maxFrameBytes()) {
      reply.completeExceptionally(new CliException(ErrorCode.TOO_LARGE,
          "the '" + op + "' frame has " + bytes + " bytes, more than the " + Limits.DEFAULTS.maxFrameBytes() + " allowed"));
      return reply;
    }
    pending.put(ref, new Pending(op, reply));
    if (closed) { // checked after put: either failAll sees this entry or we see closed
      fail(ref, lost(ABNORMAL_CLOSURE, "the connection is closed"));
      return reply;
    }
    enqueue(text).whenComplete((ws, error) -> {
      if (error != null) {
        fail(ref, lost(ABNORMAL_CLOSURE, "sending failed: " + error.getMessage()));
      }
    });
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> fail(ref, new CliException.RequestTimeout(op, timeout)));
    return reply;
  }

  /** The JDK WebSocket allows one outstanding send: chain them. */
  private synchronized CompletableFuture<WebSocket> enqueue(String text) {
    CompletableFuture<WebSocket> next =
        sendChain.handle((ignored, error) -> null).thenCompose(ignored -> webSocket.sendText(text, true));
    sendChain = next;
    return next;
  }

  private void fail(String ref, CliException failure) {
    Pending p = pending.remove(ref);
    if (p != null) {
      p.reply().completeExceptionally(failure);
    }
  }

  private static CliException.ConnectionLost lost(int code, String message) {
    return new CliException.ConnectionLost(code, message);
  }

  private void dispatch(String text) {
    IncomingFrame frame;
    try {
      frame = codec.decodeServerFrame(text);
    } catch (FrameException | ProtocolException e) {
      return; // not JSON: nothing to correlate it with
    }
    if ((frame.isOk() || frame.isError()) && frame.ref() != null) {
      Pending p = pending.remove(frame.ref());
      if (p != null) {
        if (frame.isOk()) {
          p.reply().complete(frame.data());
        } else {
          String code = frame.code() == null ? ErrorCode.INTERNAL.wire() : frame.code();
          String message = frame.message() == null ? "(no message)" : frame.message();
          p.reply().completeExceptionally(new CliException(code, message));
        }
        return;
      }
    }
    handler.onFrame(this, frame);
  }

  private void ended(int code, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    String why = "connection closed (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")";
    for (String ref : pending.keySet()) {
      fail(ref, lost(code, why));
    }
    if (!closedLocally) {
      handler.onClosed(this, code, reason == null ? "" : reason);
    }
  }

  /** Closes politely (bounded wait), then hard. Pending requests fail; the handler is not told. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closedLocally = true;
    try {
      webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(Math.min(timeout.toMillis(), 1000), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      webSocket.abort();
      ended(WebSocket.NORMAL_CLOSURE, "closed by the client");
    }
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket ws) {
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      String message = assembler.append(data, last);
      if (message != null) {
        dispatch(message);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
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
      ended(ABNORMAL_CLOSURE, error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
    }
  }
}
