package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** {@code /v1/files} over real HTTP, as a script or the CLI would use it. */
public final class FileClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String baseUrl;
  /** The whole Authorization header value, or null to send none. */
  private final String authorization;

  private FileClient(String baseUrl, String authorization) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
  }

  public static FileClient as(String baseUrl, String accessToken) {
    return new FileClient(baseUrl, "Bearer " + accessToken);
  }

  public static FileClient anonymous(String baseUrl) {
    return new FileClient(baseUrl, null);
  }

  /** Uploads {@code bytes} with a Content-Length. */
  public HttpResponse<String> upload(String channelId, String name, String contentType, byte[] bytes) {
    return upload(channelId, name, contentType, HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  /** Uploads {@code bytes} without saying how many there are (chunked). */
  public HttpResponse<String> uploadChunked(String channelId, String name, byte[] bytes) {
    return upload(
        channelId,
        name,
        "application/octet-stream",
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
  }

  private HttpResponse<String> upload(String channelId, String name, String contentType, HttpRequest.BodyPublisher body) {
    String query = "channelId=" + encode(channelId) + "&name=" + encode(name);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/files?" + query))
            .timeout(WsClient.TIMEOUT)
            .header("Content-Type", contentType)
            .POST(body);
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The file's record from a successful upload. */
  public JsonNode uploaded(String channelId, String name, String contentType, byte[] bytes) {
    HttpResponse<String> response = upload(channelId, name, contentType, bytes);
    if (response.statusCode() != 201) {
      throw new AssertionError("upload answered " + response.statusCode() + ": " + response.body());
    }
    return json(response.body()).path("file");
  }

  /** GET of a path under the node ({@code /v1/files/<id>}, a signed link, ...). */
  public HttpResponse<byte[]> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(WsClient.TIMEOUT).GET(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<byte[]> download(String fileId) {
    return get("/v1/files/" + fileId);
  }

  public HttpResponse<byte[]> delete(String fileId) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/files/" + fileId)).timeout(WsClient.TIMEOUT).DELETE(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public JsonNode link(String fileId) {
    HttpResponse<byte[]> response = get("/v1/files/" + fileId + "/link");
    if (response.statusCode() != 200) {
      throw new AssertionError("link answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return json(new String(response.body(), StandardCharsets.UTF_8));
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), body);
    } catch (Exception e) {
      throw new IllegalStateException("request to " + baseUrl + " failed", e);
    }
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
