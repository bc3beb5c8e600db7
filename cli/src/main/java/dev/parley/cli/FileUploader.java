package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ErrorCode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code POST /v1/files}: uploads a file for a channel with the profile's access token (refreshed
 * once if the server says it expired) and returns the file's record ({@code id, name, size,
 * contentType}), to be named in a post's {@code files}.
 */
final class FileUploader {
  /** A file of the server's default limit (25 MiB) over a slow link takes minutes, not the request timeout. */
  private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
  private static final int UNAUTHORIZED = 401;

  private final HttpClient http;
  private final ServerAddress server;
  private final Credentials credentials;

  FileUploader(HttpClient http, ServerAddress server, Credentials credentials) {
    this.http = http;
    this.server = server;
    this.credentials = credentials;
  }

  JsonNode upload(String channelId, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CliException(ErrorCode.BAD_REQUEST, "cannot read the file " + file);
    }
    String token = credentials.accessToken();
    HttpResponse<String> response = send(channelId, file, token);
    if (response.statusCode() == UNAUTHORIZED) {
      credentials.refresh(token);
      response = send(channelId, file, credentials.accessToken());
    }
    if (response.statusCode() / 100 != 2) {
      throw AuthClient.httpError(response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null));
    }
    try {
      JsonNode stored = Json.MAPPER.readTree(response.body()).path("file");
      if (!stored.path("id").isTextual()) {
        throw new CliException(ErrorCode.INTERNAL, "unexpected reply to the upload of " + file);
      }
      return stored;
    } catch (JsonProcessingException e) {
      throw new CliException(ErrorCode.INTERNAL, "unexpected reply to the upload of " + file);
    }
  }

  private HttpResponse<String> send(String channelId, Path file, String token) {
    Path name = file.getFileName();
    String query =
        "channelId=" + URLEncoder.encode(channelId, StandardCharsets.UTF_8)
            + "&name=" + URLEncoder.encode(name == null ? "file" : name.toString(), StandardCharsets.UTF_8);
    try {
      HttpRequest request =
          HttpRequest.newBuilder(server.http("/v1/files?" + query))
              .timeout(UPLOAD_TIMEOUT)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofFile(file))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      throw new CliException(ErrorCode.BAD_REQUEST, "cannot read the file " + file);
    } catch (HttpTimeoutException e) {
      throw new CliException(ErrorCode.UNAVAILABLE, "the upload to " + server + " took longer than " + DurationConverter.format(UPLOAD_TIMEOUT));
    } catch (ConnectException e) {
      throw new CliException(ErrorCode.UNAVAILABLE, "cannot reach " + server);
    } catch (IOException e) {
      throw new CliException(ErrorCode.UNAVAILABLE, "cannot reach " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ErrorCode.UNAVAILABLE, "interrupted");
    }
  }
}
