package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.auth.AuthBodies;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HTTP identity endpoints under {@code /v1/auth}. */
final class AuthClient {
  private final HttpClient http;
  private final ServerAddress server;
  private final Duration timeout;

  AuthClient(HttpClient http, ServerAddress server, Duration timeout) {
    this.http = http;
    this.server = server;
    this.timeout = timeout;
  }

  AuthBodies.Registered register(AuthBodies.Register body) {
    return post("/v1/auth/register", body, AuthBodies.Registered.class);
  }

  AuthBodies.Tokens login(AuthBodies.Login body) {
    return post("/v1/auth/login", body, AuthBodies.Tokens.class);
  }

  /** A new token pair; the given refresh token stops working. */
  AuthBodies.Tokens refresh(String refreshToken) {
    return post("/v1/auth/refresh", new AuthBodies.Refresh(refreshToken), AuthBodies.Tokens.class);
  }

  private <T> T post(String path, Object body, Class<T> replyType) {
    HttpRequest request =
        HttpRequest.newBuilder(server.http(path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new CliException(ErrorCode.UNAVAILABLE, "no answer from " + server + " within " + DurationConverter.format(timeout));
    } catch (ConnectException e) {
      throw new CliException(ErrorCode.UNAVAILABLE, "cannot reach " + server);
    } catch (IOException e) {
      throw new CliException(ErrorCode.UNAVAILABLE, "cannot reach " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ErrorCode.UNAVAILABLE, "interrupted");
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      try {
        T reply = Json.MAPPER.readValue(response.body(), replyType);
        if (reply == null) {
          throw new CliException(ErrorCode.INTERNAL, "empty reply to POST " + path);
        }
        return reply;
      } catch (JsonProcessingException e) {
        throw new CliException(ErrorCode.INTERNAL, "unexpected reply to POST " + path);
      }
    }
    throw httpError(status, response.body(), response.headers().firstValue("Retry-After").orElse(null));
  }

  /** The contract's error body if there is one, else a code from the status. */
  static CliException httpError(int status, String body, String retryAfter) {
    String code = null;
    String message = null;
    try {
      ErrorBody error = Json.MAPPER.readValue(body, ErrorBody.class);
      if (error != null) {
        code = error.code();
        message = error.message();
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // not the contract's error body: fall back to the status
    }
    if (code == null || code.isBlank()) {
      code = codeOf(status);
    }
    if (message == null || message.isBlank()) {
      message = "HTTP " + status;
    }
    if (retryAfter != null && !retryAfter.isBlank()) {
      message += " (retry after " + retryAfter.trim() + " s)";
    }
    return new CliException(code, message);
  }

  private static String codeOf(int status) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.httpStatus() == status) {
        return code.wire();
      }
    }
    return status >= 500 ? ErrorCode.INTERNAL.wire() : ErrorCode.BAD_REQUEST.wire();
  }
}
