package dev.parley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.auth.AuthBodies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** The HTTP identity endpoints under {@code /v1/auth}: the bench registers and logs in its own users. */
final class Identity {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Set-up requests answered {@code unavailable} (the server is busy) are tried this often in all... */
  private static final int ATTEMPTS = 5;
  /** ...pausing this long times the attempt number in between. */
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final HttpClient http;
  private final URI base;
  private final Duration timeout;

  Identity(HttpClient http, URI base, Duration timeout) {
    this.http = http;
    this.base = base;
    this.timeout = timeout;
  }

  /**
   * The client for these calls. HTTP/1.1 only: the JDK's default asks to upgrade a plain-http
   * request to HTTP/2 ({@code Upgrade: h2c}), which a server that also serves WebSockets on the
   * port may take for a WebSocket upgrade (Node's {@code ws} answers it 400), so servers other than
   * Parley could not be measured.
   */
  static HttpClient httpClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * Registers the user and logs it in. An {@code unavailable} answer is retried, as the contract
   * tells clients to; a retried registration that meets {@code conflict} means the first attempt
   * went through after all (the names are unique to the run), so it logs in.
   */
  AuthBodies.Tokens registerAndLogin(String username, String password) {
    for (int attempt = 1; ; attempt++) {
      try {
        post("/v1/auth/register", new AuthBodies.Register(username, password, null, null), AuthBodies.Registered.class);
        break;
      } catch (BenchException e) {
        if (attempt > 1 && ErrorCode.CONFLICT.wire().equals(e.code())) {
          break;
        }
        retryOrThrow(e, attempt);
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return post("/v1/auth/login", new AuthBodies.Login(username, password), AuthBodies.Tokens.class);
      } catch (BenchException e) {
        retryOrThrow(e, attempt);
      }
    }
  }

  private static void retryOrThrow(BenchException e, int attempt) {
    if (!ErrorCode.UNAVAILABLE.wire().equals(e.code()) || attempt >= ATTEMPTS) {
      throw e;
    }
    LockSupport.parkNanos(RETRY_PAUSE.toNanos() * attempt);
  }

  private <T> T post(String path, Object body, Class<T> replyType) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body), StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        ErrorBody error = MAPPER.readValue(response.body(), ErrorBody.class);
        throw new BenchException(error.code(), "POST " + path + ": " + error.message());
      }
      return MAPPER.readValue(response.body(), replyType);
    } catch (JsonProcessingException e) {
      throw new BenchException(ErrorCode.INTERNAL.wire(), "unexpected reply to POST " + path);
    } catch (IOException e) {
      throw new BenchException(ErrorCode.UNAVAILABLE.wire(), "cannot reach " + base + " (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException(ErrorCode.UNAVAILABLE.wire(), "interrupted");
    }
  }
}
