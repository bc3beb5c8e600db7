package dev.parley.node.http;

import dev.parley.node.Rejections;
import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.edge.HookOps;
import dev.parley.node.hooks.HookToken;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HookMessage;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.WireCodec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/hooks/<token>}: an incoming webhook's URL, no other credential. The body is
 * Slack's: {@code {"text": ...}} as JSON, or the same JSON as the {@code payload} field of a form.
 * An {@code Idempotency-Key} header makes a retried call post once. Limited per hook; the token
 * is never logged nor echoed.
 */
public final class HookRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(HookRoutes.class);
  private static final CountedEndpoint POST = new CountedEndpoint(RequestCounter.of("hooks.post"), null, RateLimitScope.HOOK);
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final String FORM_PAYLOAD = "payload";

  private final HookOps hooks;
  private final WireCodec codec;
  private final JsonResponses responses;
  private final AttemptThrottle posts;

  /** {@code posts}: per hook (by its token's hash). */
  public HookRoutes(HookOps hooks, WireCodec codec, AttemptThrottle posts) {
    this.hooks = hooks;
    this.codec = codec;
    this.responses = new JsonResponses(codec);
    this.posts = posts;
  }

  Route route() {
    return pathPrefix(
        "hooks",
        () -> path(PathMatchers.segment(), token -> post(() -> POST.route(() -> limited(token, () -> posting(token))))));
  }

  private Route limited(String token, Supplier<Route> inner) {
    long retryAfter = posts.attempt(HookToken.hash(token));
    if (retryAfter > 0) {
      return complete(responses.rateLimited("too many posts to this hook; slow down", retryAfter));
    }
    return inner.get();
  }

  private Route posting(String token) {
    return optionalHeaderValueByName(
        IDEMPOTENCY_KEY,
        key ->
            extractRequest(
                request ->
                    withSizeLimit(
                        responses.maxBodyBytes(),
                        () -> entity(Unmarshaller.entityToString(), body -> run(token, key, isForm(request), body)))));
  }

  private static boolean isForm(HttpRequest request) {
    return request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_X_WWW_FORM_URLENCODED);
  }

  private Route run(String token, Optional<String> key, boolean form, String body) {
    CompletionStage<HttpResponse> response;
    try {
      HookMessage message = codec.readBody(form ? payload(body) : body, HookMessage.class).validate(codec.limits());
      String idempotencyKey = key.isPresent() ? codec.limits().id(IDEMPOTENCY_KEY, key.get()) : null;
      response = hooks.post(token, message, idempotencyKey).thenApply(posted -> responses.json(StatusCodes.OK, posted));
    } catch (ProtocolException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(response.exceptionally(this::failed));
  }

  /**
   * The {@code payload} field of a form body: JSON, as Slack's clients send it. A form body that is
   * itself JSON ({@code curl -d '{...}'} without a {@code Content-Type}) is taken as it is.
   */
  private static String payload(String form) {
    if (form.stripLeading().startsWith("{")) {
      return form;
    }
    for (String field : form.split("&")) {
      int equals = field.indexOf('=');
      String name = equals < 0 ? field : field.substring(0, equals);
      if (URLDecoder.decode(name, StandardCharsets.UTF_8).equals(FORM_PAYLOAD)) {
        try {
          return URLDecoder.decode(equals < 0 ? "" : field.substring(equals + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw ProtocolException.badRequest("field 'payload' is not URL-encoded");
        }
      }
    }
    throw ProtocolException.badRequest("missing form field 'payload'");
  }

  private HttpResponse failed(Throwable failure) {
    if (Rejections.toProtocol(failure).code() == ErrorCode.INTERNAL) {
      log.error("A webhook post failed", failure);
    }
    return responses.failure(failure);
  }
}
