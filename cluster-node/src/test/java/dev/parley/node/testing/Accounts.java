package dev.parley.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** Registers and logs in users over the node's HTTP API. */
public final class Accounts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A logged-in user. */
  public record User(String userId, String username, String accessToken, String refreshToken) {}

  private Accounts() {}

  public static HttpResponse<String> post(String baseUrl, String path, String body) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .timeout(WsClient.TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("POST " + path + " failed", e);
    }
  }

  /**
   * Like a real client, retries {@code unavailable} (503): a node that just started may not have
   * its entities running yet.
   */
  public static HttpResponse<String> postRetryingUnavailable(String baseUrl, String path, String body) {
    long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
    while (true) {
      HttpResponse<String> response = post(baseUrl, path, body);
      if (response.statusCode() != 503 || System.nanoTime() > deadline) {
        return response;
      }
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException("not JSON: " + response.body(), e);
    }
  }

  /** Registers a new user with a unique name starting with {@code prefix} and logs in. */
  public static User newUser(String baseUrl, String prefix) {
    String username = prefix + COUNTER.incrementAndGet() + "x" + (System.nanoTime() % 100000);
    String password = "password-" + username;
    String credentials = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    HttpResponse<String> registered = postRetryingUnavailable(baseUrl, "/v1/auth/register", credentials);
    // 409 for a name this call made up: an earlier attempt that timed out did register it.
    assertTrue(registered.statusCode() == 201 || registered.statusCode() == 409, registered.body());
    HttpResponse<String> login = postRetryingUnavailable(baseUrl, "/v1/auth/login", credentials);
    assertEquals(200, login.statusCode(), login.body());
    JsonNode tokens = json(login);
    return new User(
        tokens.path("userId").asText(), username, tokens.path("accessToken").asText(), tokens.path("refreshToken").asText());
  }
}
