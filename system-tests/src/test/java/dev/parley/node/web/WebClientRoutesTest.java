package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.TestNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node serves the web client at {@code /} and {@code /assets/}, and {@code /v1} stays the API's. */
class WebClientRoutesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.http.web-nodes", "http://127.0.0.12:8082/, http://127.0.0.13:8083"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.httpUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  @Test
  void servesIndexAtRoot() throws Exception {
    HttpResponse<String> response = get("/");
    assertEquals(200, response.statusCode());
    assertTrue(contentType(response).startsWith("text/html"), contentType(response));
    assertTrue(response.body().contains("/assets/main.js"));
  }

  @Test
  void indexPreloadsEveryModuleSoNoneWaitsForItsImporter() throws Exception {
    Path root = Path.of("..", "web", "src", "main", "resources", "parley-web");
    String index = get("/").body();
    try (Stream<Path> files = Files.walk(root)) {
      List<String> modules =
          files.map(file -> root.relativize(file).toString().replace('\\', '/')).filter(name -> name.endsWith(".js") && !name.equals("main.js")).sorted().toList();
      assertTrue(modules.size() > 10, "found the client's modules: " + modules);
      for (String module : modules) {
        assertTrue(index.contains("<link rel=\"modulepreload\" href=\"/assets/" + module + "\">"), module + " is not preloaded");
        assertEquals(200, get("/assets/" + module).statusCode(), module);
      }
    }
  }

  @Test
  void servesModulesAsJavaScript() throws Exception {
    HttpResponse<String> response = get("/assets/views/messages.js");
    assertEquals(200, response.statusCode());
    assertTrue(contentType(response).contains("javascript"), contentType(response));
  }

  @Test
  void unknownApiPathIsAJsonNotFoundNotThePage() throws Exception {
    HttpResponse<String> response = get("/v1/no-such-thing");
    assertEquals(404, response.statusCode());
    assertTrue(contentType(response).startsWith("application/json"), contentType(response));
  }

  @Test
  void contractDocumentStillServedUnderV1() throws Exception {
    HttpResponse<String> response = get("/v1/openapi.yaml");
    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("openapi"));
  }

  @Test
  void clientConfigListsTheWebNodesAsOriginsAndTheHeartbeat() throws Exception {
    HttpResponse<String> response = get("/client-config.json");
    assertEquals(200, response.statusCode());
    assertTrue(contentType(response).startsWith("application/json"), contentType(response));
    assertEquals(
        "{\"nodes\":[\"http://127.0.0.12:8082\",\"http://127.0.0.13:8083\"],\"heartbeatIntervalMs\":20000,\"heartbeatTimeoutMs\":10000}",
        response.body());
  }

  @Test
  void webNodesMayOpenWebSockets() throws Exception {
    assertEquals(101, upgradeFrom("http://127.0.0.12:8082"));
    assertEquals(403, upgradeFrom("http://127.0.0.99:8082"));
  }

  @Test
  void webNodesMayCallTheHttpApiCrossOriginAndOthersMayNot() throws Exception {
    HttpResponse<String> preflight = send("OPTIONS", "/v1/auth/refresh", "http://127.0.0.12:8082");
    assertEquals(204, preflight.statusCode());
    assertEquals("http://127.0.0.12:8082", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization"));

    HttpResponse<String> refresh = send("POST", "/v1/auth/refresh", "http://127.0.0.12:8082");
    assertEquals(400, refresh.statusCode(), refresh.body());
    assertEquals("http://127.0.0.12:8082", refresh.headers().firstValue("Access-Control-Allow-Origin").orElse(""));

    HttpResponse<String> foreign = send("POST", "/v1/auth/refresh", "http://127.0.0.99:8082");
    assertEquals(400, foreign.statusCode(), foreign.body());
    assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "no CORS for other origins");
  }

  private static HttpResponse<String> send(String method, String path, String origin) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .method(method, HttpRequest.BodyPublishers.ofString(method.equals("POST") ? "{}" : ""))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The status of a WebSocket upgrade sent with this Origin. */
  private static int upgradeFrom(String origin) throws Exception {
    URI uri = URI.create(node.httpUrl());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "GET /v1/ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(statusLine.split(" ")[1]);
    }
  }

  @Test
  void missingAssetIsNotFound() throws Exception {
    assertEquals(404, get("/assets/no-such-file.js").statusCode());
  }
}
