package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Registration and login against a server that is not Parley. */
class IdentityTest {

  /**
   * Like Node's {@code ws} on a shared port: a request that asks to upgrade is taken for a
   * WebSocket upgrade and refused. The bench's requests must not ask.
   */
  private static void answer(HttpExchange exchange) throws IOException {
    boolean upgrade = exchange.getRequestHeaders().containsKey("Upgrade");
    String path = exchange.getRequestURI().getPath();
    String body =
        upgrade ? "Bad Request" : path.endsWith("/register") ? "{\"userId\":\"1\"}" : "{\"accessToken\":\"a\",\"refreshToken\":\"r\",\"expiresIn\":900,\"userId\":\"1\"}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(upgrade ? 400 : path.endsWith("/register") ? 201 : 200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Test
  void registersAndLogsInWithoutAskingToUpgradeTheConnection() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/auth/", IdentityTest::answer);
    server.start();
    try {
      Identity identity =
          new Identity(
              Identity.httpClient(),
              URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
              Duration.ofSeconds(5));

      assertEquals("1", identity.registerAndLogin("alice", "alice-password").userId());
    } finally {
      server.stop(0);
    }
  }
}
