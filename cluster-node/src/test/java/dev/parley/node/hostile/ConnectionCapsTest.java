package dev.parley.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.RawHttp;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WebSocket caps over the wire, with low limits: one client address (told apart by
 * {@code X-Forwarded-For} behind a trusted proxy, as the tests all connect from loopback) holds a
 * few sockets, fewer unauthenticated, and the upgrade beyond is 429 while other addresses still
 * connect; a node holds a few less sockets than its max-connections and answers 503 beyond. A
 * socket that ends, authenticated or not, gives its place back.
 */
class ConnectionCapsTest {
  private static final int PER_ADDRESS = 4;
  private static final int UNAUTHENTICATED_PER_ADDRESS = 2;
  private static final int MAX_CONNECTIONS = 20;
  /** What a node with {@link #MAX_CONNECTIONS} takes: a twentieth stays for requests. */
  private static final int SOCKETS_PER_NODE = 19;
  /** Long, so that no socket of a test is closed for not authenticating while the test counts. */
  private static final String AUTH_TIMEOUT = "60s";
  private static final Duration SLOT_BACK_WITHIN = Duration.ofSeconds(30);

  private static TestNode behindProxy;
  private static TestNode small;
  private static LogCapture log;

  @BeforeAll
  static void start() {
    log = LogCapture.attach(Level.WARN);
    Map<String, Object> caps = new HashMap<>();
    caps.put("parley.http.trusted-proxies", "127.0.0.1/32");
    caps.put("parley.connection.max-per-address", PER_ADDRESS);
    caps.put("parley.connection.max-unauthenticated-per-address", UNAUTHENTICATED_PER_ADDRESS);
    caps.put("parley.connection.auth-timeout", AUTH_TIMEOUT);
    behindProxy = TestNode.startH2(caps);
    small =
        TestNode.startH2(
            Map.of(
                "parley.http.max-connections", MAX_CONNECTIONS,
                "parley.connection.auth-timeout", AUTH_TIMEOUT));
  }

  @AfterAll
  static void stop() {
    log.close();
    behindProxy.close();
    small.close();
  }

  private static Map<String, String> from(String client) {
    return Map.of("X-Forwarded-For", client);
  }

  private static int port(TestNode node) {
    return URI.create(node.httpUrl()).getPort();
  }

  /** A socket opened once the node has room for it again: a socket that ended frees its place a moment later. */
  private static WsClient connectOnceThereIsRoom(TestNode node, Map<String, String> headers) {
    AtomicReference<WsClient> opened = new AtomicReference<>();
    LocalCluster.awaitCondition(
        () -> {
          try {
            opened.set(WsClient.connect(node.wsUrl(), headers));
            return true;
          } catch (CompletionException refused) {
            return false;
          }
        },
        SLOT_BACK_WITHIN,
        "room for a socket on " + node.wsUrl() + " " + headers);
    return opened.get();
  }

  private static void assertTooMany(String client, String message) {
    RawHttp.Answer refused = RawHttp.upgrade(port(behindProxy), from(client));
    assertEquals(429, refused.status(), refused::toString);
    assertEquals("{\"code\":\"rate_limited\",\"message\":\"" + message + "\"}", refused.body());
    assertEquals("60", refused.headers().get("retry-after"), refused::toString);
  }

  @Test
  void anAddressHoldsFewSocketsThatHaveNotAuthenticatedAndOneThatEndsBeforeAuthGivesItsPlaceBack() {
    String client = "198.51.100.10";
    Accounts.User user = Accounts.newUser(behindProxy.httpUrl(), "unauth");
    List<WsClient> sockets = new ArrayList<>();
    int mark = log.mark();
    try {
      for (int i = 0; i < UNAUTHENTICATED_PER_ADDRESS; i++) {
        sockets.add(WsClient.connect(behindProxy.wsUrl(), from(client)));
      }
      assertTooMany(client, "too many connections from this address that have not authenticated");
      sockets.add(WsClient.connect(behindProxy.wsUrl(), from("198.51.100.11")));

      sockets.get(0).authenticate(user.accessToken());
      sockets.add(WsClient.connect(behindProxy.wsUrl(), from(client)));
      assertTooMany(client, "too many connections from this address that have not authenticated");

      sockets.get(1).close();
      sockets.add(connectOnceThereIsRoom(behindProxy, from(client)));
      assertTooMany(client, "too many connections from this address that have not authenticated");
    } finally {
      sockets.forEach(WsClient::close);
    }
    List<String> lines = log.eventsSince(mark);
    assertTrue(
        lines.contains("WARN parley.security: WebSocket from " + client + " refused: 2 sockets from this address not yet authenticated"),
        lines.toString());
  }

  @Test
  void anAddressHoldsAFewSocketsAndAnotherAddressStillConnectsAndAClosedOneGivesItsPlaceBack() {
    String client = "198.51.100.20";
    Accounts.User user = Accounts.newUser(behindProxy.httpUrl(), "capped");
    List<WsClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < PER_ADDRESS; i++) {
        WsClient socket = WsClient.connect(behindProxy.wsUrl(), from(client));
        sockets.add(socket);
        socket.authenticate(user.accessToken());
      }
      assertTooMany(client, "too many open connections from this address");
      WsClient elsewhere = WsClient.connect(behindProxy.wsUrl(), from("198.51.100.21"));
      sockets.add(elsewhere);
      elsewhere.authenticate(user.accessToken());

      sockets.get(0).close();
      sockets.add(connectOnceThereIsRoom(behindProxy, from(client)));
      assertTooMany(client, "too many open connections from this address");
    } finally {
      sockets.forEach(WsClient::close);
    }
  }

  @Test
  void aFullNodeAnswersUpgradesWith503BeforeItsMaxConnections() {
    List<WsClient> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKETS_PER_NODE; i++) {
        sockets.add(WsClient.connect(small.wsUrl()));
      }
      RawHttp.Answer full = RawHttp.upgrade(port(small), Map.of());
      assertEquals(503, full.status(), full::toString);
      assertEquals("{\"code\":\"unavailable\",\"message\":\"this node is full; try another\"}", full.body());

      sockets.remove(0).close();
      sockets.add(connectOnceThereIsRoom(small, Map.of()));
      assertEquals(503, RawHttp.upgrade(port(small), Map.of()).status());
    } finally {
      sockets.forEach(WsClient::close);
    }
  }
}
