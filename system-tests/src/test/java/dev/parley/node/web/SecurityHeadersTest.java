package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response carries the security headers: the web client's strict Content-Security-Policy
 * (connections to its node and the web nodes only), a policy that allows nothing on the API's
 * answers, nosniff, no referrer, no framing, and HSTS only behind an https public URL.
 */
class SecurityHeadersTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  private static TestNode node;
  private static TestNode httpsNode;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.http.web-nodes", "http://127.0.0.12:8082, https://nodes.example.com"));
    httpsNode = TestNode.startH2(Map.of("parley.http.public-url", "https://chat.example.com"));
  }

  @AfterAll
  static void stop() {
    node.close();
    httpsNode.close();
  }

  private static HttpResponse<String> send(TestNode to, String method, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(to.httpUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString(method.equals("POST") ? "{}" : ""))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("(none)");
  }

  private static void assertCommonHeaders(HttpResponse<?> response) {
    assertEquals("nosniff", header(response, "X-Content-Type-Options"), response.uri().toString());
    assertEquals("no-referrer", header(response, "Referrer-Policy"), response.uri().toString());
    assertEquals("DENY", header(response, "X-Frame-Options"), response.uri().toString());
  }

  @Test
  void theWebClientsResponsesCarryAStrictPolicy() throws Exception {
    String self = node.httpUrl().substring("http://".length());
    String policy =
        "default-src 'self'; connect-src 'self' ws://" + self + " wss://" + self
            + " http://127.0.0.12:8082 ws://127.0.0.12:8082 https://nodes.example.com wss://nodes.example.com;"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    for (String path : List.of("/", "/assets/main.js", "/assets/app.css", "/client-config.json", "/no-such-page")) {
      HttpResponse<String> response = send(node, "GET", path);
      assertEquals(policy, header(response, "Content-Security-Policy"), path);
      assertCommonHeaders(response);
      assertTrue(response.headers().firstValue("Strict-Transport-Security").isEmpty(), "no HSTS without an https public URL");
    }
  }

  @Test
  void theApisAnswersAllowNothingAndErrorsCarryTheHeadersToo() throws Exception {
    for (String[] request : new String[][] {{"GET", "/v1/openapi.yaml"}, {"GET", "/v1/no-such-thing"}, {"POST", "/v1/auth/login"}, {"GET", "/v1/auth/login"}}) {
      HttpResponse<String> response = send(node, request[0], request[1]);
      assertEquals(API_POLICY, header(response, "Content-Security-Policy"), String.join(" ", request));
      assertCommonHeaders(response);
    }
  }

  @Test
  void anHttpsPublicUrlAddsHstsAndItsWebSocketOrigin() throws Exception {
    for (String path : List.of("/", "/v1/openapi.yaml")) {
      HttpResponse<String> response = send(httpsNode, "GET", path);
      assertEquals("max-age=31536000", header(response, "Strict-Transport-Security"), path);
      assertCommonHeaders(response);
    }
    assertTrue(header(send(httpsNode, "GET", "/"), "Content-Security-Policy").contains(" wss://chat.example.com"));
  }

  /** Behind a TLS proxy the page comes from https://chat.example.com, not from the node's own address. */
  @Test
  void aPageFromThePublicUrlMayOpenASocketAndOthersMayNot() {
    try (WsClient page = WsClient.connect(httpsNode.wsUrl(), true, "https://chat.example.com")) {
      assertFalse(page.isClosed());
    }
    assertThrows(Exception.class, () -> WsClient.connect(httpsNode.wsUrl(), true, "https://evil.example.com"));
    assertThrows(Exception.class, () -> WsClient.connect(node.wsUrl(), true, "https://chat.example.com"));
  }

  /** The policy allows no inline script, style or event handler, so the client must have none. */
  @Test
  void theClientsHtmlHasNoInlineScriptStyleOrHandler() throws IOException {
    String index = Files.readString(Path.of("..", "web", "src", "main", "resources", "parley-web", "index.html"));
    assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(index).find(), "an inline <script>");
    assertFalse(Pattern.compile("<style|\\sstyle=", Pattern.CASE_INSENSITIVE).matcher(index).find(), "inline style");
    assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(index).find(), "an event handler attribute");
    assertFalse(index.contains("javascript:"), "a javascript: URL");
  }
}
