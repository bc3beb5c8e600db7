package dev.parley.node.subscriptions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event receiver for tests: an HTTP server on 127.0.0.1 (a free port) that records every POST
 * it gets, by path, and answers the first {@code failures} of a path with 500 before answering 204.
 */
final class Receiver implements AutoCloseable {
  /** A POST as it arrived. */
  record Delivery(String eventId, String timestamp, String signature, String contentType, String body) {}

  private static final int FAILED = 500;
  private static final int OK = 204;

  private final HttpServer server;
  private final Map<String, BlockingQueue<Delivery>> received = new ConcurrentHashMap<>();
  private final Map<String, Integer> failuresByPath = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of {@code path}, whose first {@code failures} POSTs are answered 500. */
  String url(String path, int failures) {
    failuresByPath.put(path, failures);
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    int attempt = attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    received
        .computeIfAbsent(path, p -> new LinkedBlockingQueue<>())
        .add(
            new Delivery(
                exchange.getRequestHeaders().getFirst("X-Parley-Event-Id"),
                exchange.getRequestHeaders().getFirst("X-Parley-Timestamp"),
                exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                new String(body, StandardCharsets.UTF_8)));
    exchange.sendResponseHeaders(attempt <= failuresByPath.getOrDefault(path, 0) ? FAILED : OK, -1);
    exchange.close();
  }

  /** The next POST to {@code path}; fails after {@code timeout}. */
  Delivery next(String path, Duration timeout) throws InterruptedException {
    Delivery delivery = received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>()).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (delivery == null) {
      throw new AssertionError("no POST to " + path + " within " + timeout);
    }
    return delivery;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
