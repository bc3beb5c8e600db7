package dev.parley.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Calls {@code POST /v1/api/<op>} and {@code GET /v1/search} as one user, the way a bot or a script does. */
public final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String baseUrl;
  private final String authorization;

  /** {@code authorization}: the whole header value, or null to send none. */
  private ApiClient(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  public static ApiClient as(String baseUrl, String accessToken) {
    return new ApiClient(baseUrl, "Bearer " + accessToken);
  }

  public static ApiClient withAuthorization(String baseUrl, String authorization) {
    return new ApiClient(baseUrl, authorization);
  }

  /** Sends {@code body} as it is. */
  public HttpResponse<String> callRaw(String op, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/api/" + op))
            .timeout(WsClient.TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("POST /v1/api/" + op + " failed", e);
    }
  }

  public HttpResponse<String> call(String op, WsClient.Fields fields) {
    ObjectNode body = JSON.createObjectNode();
    fields.fill(body);
    return callRaw(op, body.toString());
  }

  /** A call that must succeed; returns the body. */
  public JsonNode ok(String op, WsClient.Fields fields) {
    HttpResponse<String> response = call(op, fields);
    assertEquals(200, response.statusCode(), () -> op + " failed: " + response.body());
    return Accounts.json(response);
  }

  /** {@code GET /v1/search} in a workspace; the body of a 200. */
  public JsonNode search(String workspaceId, String q) {
    HttpResponse<String> response = searchRaw(workspaceId, q);
    assertEquals(200, response.statusCode(), () -> "search failed: " + response.body());
    return Accounts.json(response);
  }

  /** {@code GET /v1/search} in a workspace, whatever the answer. */
  public HttpResponse<String> searchRaw(String workspaceId, String q) {
    String query =
        "workspaceId=" + URLEncoder.encode(workspaceId, StandardCharsets.UTF_8) + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/search?" + query)).timeout(WsClient.TIMEOUT).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET /v1/search failed", e);
    }
  }
}
