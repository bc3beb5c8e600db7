package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node serves the web client at {@code /} and {@code /assets/}, and {@code /v1} stays the API's. */
class WebClientRoutesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of());
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
  void missingAssetIsNotFound() throws Exception {
    assertEquals(404, get("/assets/no-such-file.js").statusCode());
  }
}
