package dev.parley.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.node.Rejections;
import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.BotAuthenticator;
import dev.parley.node.auth.TokenService;
import dev.parley.node.edge.ChatService;
import dev.parley.node.logging.LogContext;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.FrameException;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/api/<op>}: every WebSocket op as an HTTP call, for bots and scripts. The body
 * holds the op's fields; it becomes the frame {@code {"op": <op>, ...fields}} and goes through the
 * WebSocket's codec and {@link ChatService}, so validation, errors and results are the socket's.
 * Nothing here names an op it serves: an op added to the protocol and ChatService is served as is.
 */
public final class OpApi extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(OpApi.class);

  /** {@code auth} opens a socket and {@code typing} is only shown to live connections (docs/protocol.md, "The HTTP API"). */
  static final Set<String> SOCKET_ONLY = Set.of("auth", "typing");

  private final ChatService chat;
  private final WireCodec codec;
  private final AttemptThrottle requests;
  private final JsonResponses responses;
  private final BearerAuth bearer;

  /** {@code requests}: per user id, with the WebSocket's per-connection rate and burst. */
  /** {@code bots}: bot tokens are taken here as access tokens are. */
  public OpApi(TokenService tokens, BotAuthenticator bots, ChatService chat, WireCodec codec, AttemptThrottle requests) {
    this.chat = chat;
    this.codec = codec;
    this.requests = requests;
    this.responses = new JsonResponses(codec);
    this.bearer = new BearerAuth(tokens, bots, responses);
  }

  Route route() {
    return pathPrefix(
        "api",
        () ->
            path(
                PathMatchers.segment(),
                op ->
                    post(
                        () ->
                            CountedEndpoint.api(op)
                                .route(
                                    () ->
                                        bearer.authenticated(
                                            user -> limited(user, () -> withSizeLimit(
                                                responses.maxBodyBytes(),
                                                () -> entity(Unmarshaller.entityToString(), body -> run(user, op, body)))))))));
  }

  /** Keyed by user, not connection: a script cannot multiply its rate by opening more requests. */
  private Route limited(AuthenticatedUser user, Supplier<Route> inner) {
    long retryAfter = requests.attempt(user.userId());
    if (retryAfter > 0) {
      return complete(responses.rateLimited("too many requests; slow down", retryAfter));
    }
    return inner.get();
  }

  private Route run(AuthenticatedUser user, String op, String body) {
    CompletionStage<Object> work;
    try {
      work = chat.handle(user, decode(op, body));
    } catch (ProtocolException e) {
      work = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(
        work.thenApply(data -> responses.json(StatusCodes.OK, data))
            .exceptionally(failure -> failed(user, op, failure)));
  }

  /** The body as a WebSocket frame of {@code op}; an empty body is an op without fields. */
  private Request decode(String op, String body) {
    if (SOCKET_ONLY.contains(op)) {
      throw ProtocolException.badRequest("op '" + op + "' is only available on the WebSocket (/v1/ws)");
    }
    ObjectNode frame = (ObjectNode) codec.readBody(body.isBlank() ? "{}" : body, JsonNode.class);
    // An HTTP call has no correlation id: a "ref" in the body is an unknown field, ignored.
    frame.remove("ref");
    frame.put("op", op);
    try {
      return codec.decodeRequest(frame.toString()).request();
    } catch (FrameException e) {
      throw new ProtocolException(e.code(), e.getMessage());
    }
  }

  private HttpResponse failed(AuthenticatedUser user, String op, Throwable failure) {
    if (Rejections.toProtocol(failure).code() == ErrorCode.INTERNAL) {
      LogContext.with(Map.of(LogContext.USER_ID, user.userId()), () -> log.error("HTTP op {} of user {} failed", op, user.userId(), failure));
    }
    return responses.failure(failure);
  }
}
