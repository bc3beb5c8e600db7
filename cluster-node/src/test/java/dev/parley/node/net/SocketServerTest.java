package dev.parley.node.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP port on the node's own sockets, with a read buffer of 1 KiB so that requests arrive in
 * many reads: requests and responses larger than a socket buffer arrive whole, each request carries
 * its own connection's remote address (the server layer is shared), the connection cap
 * holds further connections in the backlog until one closes, idle connections are closed, and a
 * port that is unbound refuses connections while those open are closed at the deadline. A handler
 * may take a connection over with its {@code 101} response, and learns it if the connection ends
 * before that response is written.
 */
@Timeout(60)
class SocketServerTest {
  private static final int SMALL_READ_BUFFER = 1024;
  private static final int LARGE_BODY = 8 * 1024 * 1024;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 20;
  private static final Duration ACCEPT_RETRY = Duration.ofSeconds(1);

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Materializer materializer = Materializer.matFromSystem(testKit.system());
  private static final byte[] large = randomBytes(LARGE_BODY);
  private static final CompletableFuture<Void> lateResponse = new CompletableFuture<>();
  private static final CompletableFuture<Void> lateOwnerNotTaken = new CompletableFuture<>();
  private static final SocketTakeover.Owner lateOwner =
      new SocketTakeover.Owner() {
        @Override
        public void take(TakenSocket socket) {
          socket.close();
        }

        @Override
        public void notTaken() {
          lateOwnerNotTaken.complete(null);
        }
      };

  /**
   * GET /peer answers the connection's remote port; GET /take switches to an {@link EchoOwner}; GET
   * /take-late names {@link #lateOwner} and switches once {@link #lateResponse} completes; other
   * GETs {@link #large}; POST its body's length and CRC-32.
   */
  private static final Function<HttpRequest, CompletionStage<HttpResponse>> handler =
      request ->
          request.getUri().path().equals("/take")
              ? CompletableFuture.completedFuture(takeOver(request, new EchoOwner()))
              : request.getUri().path().equals("/take-late")
              ? takeOverLate(request)
              : request.getUri().path().equals("/peer")
              ? CompletableFuture.completedFuture(HttpResponse.create().withEntity(remotePort(request)))
              : request.method().name().equals("GET")
              ? CompletableFuture.completedFuture(HttpResponse.create().withEntity(HttpEntities.create(large)))
              : request
                  .entity()
                  .getDataBytes()
                  .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer)
                  .thenApply(body -> HttpResponse.create().withEntity(describe(body.toArray())));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aResponseAndARequestLargerThanTheSocketBuffersArriveWhole() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()), null);
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(WAIT).build();
      URI uri = URI.create("http://127.0.0.1:" + server.localAddress().getPort() + "/");
      var got =
          client
              .sendAsync(java.net.http.HttpRequest.newBuilder(uri).timeout(WAIT).GET().build(), BodyHandlers.ofByteArray())
              .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(200, got.statusCode());
      assertArrayEquals(large, got.body());
      var posted =
          client
              .sendAsync(
                  java.net.http.HttpRequest.newBuilder(uri).timeout(WAIT).POST(BodyPublishers.ofByteArray(large)).build(),
                  BodyHandlers.ofString())
              .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(describe(large), posted.body());
    } finally {
      stopServer(server);
    }
  }

  @Test
  void eachRequestCarriesItsOwnConnectionsRemoteAddress() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()), null);
    try (Socket first = new Socket("127.0.0.1", server.localAddress().getPort());
        Socket second = new Socket("127.0.0.1", server.localAddress().getPort())) {
      for (Socket socket : new Socket[] {first, second, first}) {
        assertEquals(String.valueOf(socket.getLocalPort()), body(socket, "/peer"));
      }
    } finally {
      stopServer(server);
    }
  }

  @Test
  void beyondTheCapAConnectionWaitsInTheBacklogUntilAnotherCloses() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()).withMaxConnections(1), null);
    int port = server.localAddress().getPort();
    Socket first = new Socket("127.0.0.1", port);
    try (Socket second = new Socket("127.0.0.1", port)) {
      assertTrue(statusLine(first, WAIT).startsWith("HTTP/1.1 200"));
      request(second);
      second.setSoTimeout(500);
      assertThrows(SocketTimeoutException.class, () -> second.getInputStream().read(), "the second connection is served past the cap");
      first.close();
      second.setSoTimeout((int) WAIT.toMillis());
      assertTrue(readLine(second.getInputStream()).startsWith("HTTP/1.1 200"));
    } finally {
      first.close();
      stopServer(server);
    }
  }

  @Test
  void whileTheNodeIsCrowdedANewConnectionWaitsInTheBacklogAndIsServedOnceItIsNot() throws Exception {
    AtomicBoolean crowded = new AtomicBoolean();
    SocketServer server =
        start(ServerSettings.create(testKit.system().classicSystem()), null, new AcceptPause(crowded::get, Duration.ofMillis(POLL_MILLIS)));
    int port = server.localAddress().getPort();
    try (Socket before = new Socket("127.0.0.1", port)) {
      assertEquals(String.valueOf(before.getLocalPort()), body(before, "/peer"));
      crowded.set(true);
      try (Socket during = new Socket("127.0.0.1", port)) {
        request(during, "/peer");
        during.setSoTimeout(500);
        assertThrows(SocketTimeoutException.class, () -> during.getInputStream().read(), "a connection was served while crowded");
        assertEquals(String.valueOf(before.getLocalPort()), body(before, "/peer"), "a connection open before is still served");
        crowded.set(false);
        during.setSoTimeout((int) WAIT.toMillis());
        assertTrue(readLine(during.getInputStream()).startsWith("HTTP/1.1 200"));
      }
    } finally {
      stopServer(server);
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()), Duration.ofMillis(500));
    try (Socket idle = new Socket("127.0.0.1", server.localAddress().getPort())) {
      idle.setSoTimeout((int) WAIT.toMillis());
      assertEquals(-1, idle.getInputStream().read());
    } finally {
      stopServer(server);
    }
  }

  @Test
  void anUnboundPortRefusesConnectionsAndClosesTheOpenOnesAtTheDeadline() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()), null);
    int port = server.localAddress().getPort();
    try (Socket open = new Socket("127.0.0.1", port)) {
      assertTrue(statusLine(open, WAIT).startsWith("HTTP/1.1 200"));
      server.unbind();
      assertTrue(refusesWithin(port, WAIT), "the unbound port still accepts connections");
      server.terminate(Duration.ofMillis(200)).get();
      open.setSoTimeout((int) WAIT.toMillis());
      InputStream in = open.getInputStream();
      int skipped = 0;
      while (in.read() != -1 && skipped++ < LARGE_BODY * 2) {
        // the rest of the response, then the end of the stream
      }
      assertTrue(skipped < LARGE_BODY * 2, "the connection was not closed");
    }
  }

  @Test
  void atShutdownAConnectionThatOwesNoResponseIsClosedAtOnce() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()), null);
    try (Socket idle = new Socket("127.0.0.1", server.localAddress().getPort())) {
      idle.getOutputStream().write("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nhi".getBytes(StandardCharsets.US_ASCII));
      idle.setSoTimeout((int) WAIT.toMillis());
      assertTrue(readLine(idle.getInputStream()).startsWith("HTTP/1.1 200"));
      server.unbind();
      server.terminate(Duration.ofMinutes(10)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      InputStream in = idle.getInputStream();
      int rest = 0;
      while (in.read() != -1) {
        rest++;
      }
      assertTrue(rest < LARGE_BODY, "the rest of the answer, then the end of the stream");
    }
  }

  @Test
  void aSocketTakenOverIsItsNewOwnersAloneAndCountsAgainstTheCapUntilItCloses() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()).withMaxConnections(1), null);
    int port = server.localAddress().getPort();
    try (Socket taken = new Socket("127.0.0.1", port);
        Socket waiting = new Socket("127.0.0.1", port)) {
      taken
          .getOutputStream()
          .write("GET /take HTTP/1.1\r\nHost: test\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      taken.setSoTimeout((int) WAIT.toMillis());
      InputStream in = taken.getInputStream();
      assertTrue(readLine(in).startsWith("HTTP/1.1 101"));
      while (!readLine(in).strip().isEmpty()) {
        // the response's headers
      }
      byte[] notHttp = "get / http/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      taken.getOutputStream().write(notHttp);
      assertEquals("GET / HTTP/1.1\r\n\r\n", new String(in.readNBytes(notHttp.length), StandardCharsets.US_ASCII));

      request(waiting);
      waiting.setSoTimeout(500);
      assertThrows(SocketTimeoutException.class, () -> waiting.getInputStream().read(), "a connection past the cap was served");
      taken.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
      assertEquals(-1, in.read());
      waiting.setSoTimeout((int) WAIT.toMillis());
      assertTrue(readLine(waiting.getInputStream()).startsWith("HTTP/1.1 200"));
    } finally {
      stopServer(server);
    }
  }

  @Test
  void anOwnerWhoseConnectionEndsBeforeTheResponseIsToldItGetsNoSocket() throws Exception {
    SocketServer server = start(ServerSettings.create(testKit.system().classicSystem()), Duration.ofMillis(500));
    try (Socket idle = new Socket("127.0.0.1", server.localAddress().getPort())) {
      idle.getOutputStream().write("GET /take-late HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      idle.setSoTimeout((int) WAIT.toMillis());
      assertEquals(-1, idle.getInputStream().read(), "the connection was not closed as idle");
      lateOwnerNotTaken.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      lateResponse.complete(null);
      stopServer(server);
    }
  }

  /** Names {@link #lateOwner} at once, and answers once {@link #lateResponse} completes. */
  private static CompletionStage<HttpResponse> takeOverLate(HttpRequest request) {
    HttpResponse response = takeOver(request, lateOwner);
    return lateResponse.thenApply(ignored -> response);
  }

  private static HttpResponse takeOver(HttpRequest request, SocketTakeover.Owner owner) {
    request.getAttribute(SocketTakeover.ATTRIBUTE).orElseThrow().afterSwitchingProtocols(owner);
    return HttpResponse.create()
        .withStatus(StatusCodes.SWITCHING_PROTOCOLS)
        .addHeader(Connection.create("Upgrade"))
        .addHeader(RawHeader.create("Upgrade", "echo"));
  }

  private static SocketServer start(ServerSettings settings, Duration idleTimeout) throws IOException {
    return start(settings, idleTimeout, AcceptPause.NEVER);
  }

  private static SocketServer start(ServerSettings settings, Duration idleTimeout, AcceptPause pause) throws IOException {
    return new SocketServer(testKit.system(), settings, handler, idleTimeout, SMALL_READ_BUFFER, ACCEPT_RETRY, pause, "127.0.0.1", 0);
  }

  private static void stopServer(SocketServer server) throws Exception {
    server.unbind();
    server.terminate(Duration.ZERO).get();
  }

  /** The listening socket is closed by the selector's thread, at its next turn. */
  private static boolean refusesWithin(int port, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        new Socket("127.0.0.1", port).close();
      } catch (ConnectException refused) {
        return true;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return false;
  }

  private static void request(Socket socket) throws IOException {
    request(socket, "/");
  }

  private static void request(Socket socket, String path) throws IOException {
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Sends a GET and reads the response's status line. */
  private static String statusLine(Socket socket, Duration timeout) throws IOException {
    request(socket);
    socket.setSoTimeout((int) timeout.toMillis());
    return readLine(socket.getInputStream());
  }

  /** GETs {@code path} on {@code socket} and reads the response's body (Content-Length framed). */
  private static String body(Socket socket, String path) throws IOException {
    request(socket, path);
    socket.setSoTimeout((int) WAIT.toMillis());
    InputStream in = socket.getInputStream();
    int length = -1;
    for (String line = readLine(in); !line.strip().isEmpty(); line = readLine(in)) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }

  private static String remotePort(HttpRequest request) {
    return request
        .getAttribute(AttributeKeys.remoteAddress)
        .map(address -> String.valueOf(address.getPort()))
        .orElse("none");
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }

  private static String describe(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return body.length + ":" + crc.getValue();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }
}
