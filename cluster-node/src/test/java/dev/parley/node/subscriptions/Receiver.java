package dev.parley.node.subscriptions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
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
import javax.net.ssl.SSLContext;

/**
 * An event receiver for tests: an HTTP server on 127.0.0.1 (a free port), or an HTTPS one with the
 * key and certificate of a given TLS context, that records every POST it gets, by path, and
 * answers the first {@code failures} of a path with 500 before answering 204.
 */
final class Receiver implements AutoCloseable {
  /** A POST as it arrived. */
  record Delivery(String eventId, String timestamp, String signature, String contentType, String body) {}

  private static final int FAILED = 500;
  private static final int OK = 204;

  private final HttpServer server;
  private final String scheme;
  private final Map<String, BlockingQueue<Delivery>> received = new ConcurrentHashMap<>();
  private final Map<String, Integer> failuresByPath = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  Receiver() throws IOException {
    this(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
  }

  /** An HTTPS receiver presenting the certificate of {@code tls}. */
  Receiver(SSLContext tls) throws IOException {
    this(https(tls), "https");
  }

  private Receiver(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    server.createContext("/", this::handle);
    server.start();
  }

  private static HttpsServer https(SSLContext tls) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return server;
  }

  /** The URL of {@code path}, whose first {@code failures} POSTs are answered 500. */
  String url(String path, int failures) {
    failuresByPath.put(path, failures);
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
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

  /** How many POSTs to {@code path} came, answered or not. */
  int attempts(String path) {
    AtomicInteger count = attempts.get(path);
    return count == null ? 0 : count.get();
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
