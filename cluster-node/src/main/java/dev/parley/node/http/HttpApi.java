package dev.parley.node.http;


import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.auth.AuthService;
import dev.parley.node.auth.SecurityLog;
import dev.parley.node.auth.TokenService;
import dev.parley.node.files.FileService;
import dev.parley.node.net.ClientAddress;
import dev.parley.node.notify.Preferences;
import dev.parley.node.notify.UnsubscribeLinks;
import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.transport.WebSocketEndpoint;
import dev.parley.protocol.BuildInfo;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Reply;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.auth.AuthBodies;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The node's HTTP surface: {@code /v1/auth/*}, the {@code /v1/ws} upgrade, {@code /v1/api/*},
 * {@code /v1/search}, {@code /v1/files}, incoming webhooks ({@code /v1/hooks/<token>}), the build it runs ({@code /v1/version}) and the contract
 * documents ({@code /v1/openapi.yaml}, {@code /v1/asyncapi.yaml}).
 */
public final class HttpApi extends AllDirectives {
  private static final CountedEndpoint REGISTER =
      new CountedEndpoint(RequestCounter.of("auth.register"), null, RateLimitScope.REGISTER);
  private static final CountedEndpoint LOGIN =
      new CountedEndpoint(RequestCounter.of("auth.login"), AuthFailure.PASSWORD, RateLimitScope.LOGIN);
  private static final CountedEndpoint REFRESH =
      new CountedEndpoint(RequestCounter.of("auth.refresh"), AuthFailure.REFRESH_TOKEN, null);
  private static final CountedEndpoint LOGOUT =
      new CountedEndpoint(RequestCounter.of("auth.logout"), AuthFailure.REFRESH_TOKEN, null);
  private static final CountedEndpoint RESET_PASSWORD =
      new CountedEndpoint(RequestCounter.of("auth.reset-password"), null, RateLimitScope.REGISTER);

  private final AuthService auth;
  private final AttemptThrottle registrations;
  private final ClientAddress clientAddress;
  private final WebSocketEndpoint webSocket;
  private final SearchRoutes search;
  private final OpApi ops;
  private final WireCodec codec;
  private final JsonResponses responses;
  private final ContractDocs docs = new ContractDocs();
  private final WebClientRoutes webClient;
  private final WebNodesCors cors;
  private final LogoutRoute logout;
  private final SecurityHeaders securityHeaders;
  private final FileRoutes files;
  private final HookRoutes hooks;
  private final NotifyRoutes notify;

  /**
   * {@code registrations}: per client address; {@code uploads}: per user; {@code clientAddress}: who
   * sent a request, for the throttles and the security log.
   */
  public HttpApi(
      AuthService auth,
      TokenService tokens,
      AttemptThrottle registrations,
      ClientAddress clientAddress,
      WebSocketEndpoint webSocket,
      SearchRoutes search,
      FileService files,
      AttemptThrottle uploads,
      OpApi ops,
      HookRoutes hooks,
      WireCodec codec,
      WebClientSettings webClient,
      SecurityHeaderSettings securityHeaders,
      UnsubscribeLinks unsubscribeLinks,
      Preferences preferences) {
    this.auth = auth;
    this.registrations = registrations;
    this.clientAddress = clientAddress;
    this.search = search;
    this.webSocket = webSocket;
    this.ops = ops;
    this.hooks = hooks;
    this.codec = codec;
    this.responses = new JsonResponses(codec);
    this.webClient = new WebClientRoutes(webClient);
    this.cors = new WebNodesCors(webClient.nodes());
    this.logout = new LogoutRoute(auth, codec, responses);
    this.files = new FileRoutes(files, tokens, responses, uploads);
    this.securityHeaders = new SecurityHeaders(securityHeaders, webClient.nodes());
    this.notify = new NotifyRoutes(unsubscribeLinks, preferences, responses);
  }

  /** The security headers go outermost, so that errors and rejections carry them too. */
  public Route route() {
    return securityHeaders.route(
        () ->
            handleExceptions(
                ExceptionHandler.newBuilder().match(Throwable.class, this::failed).build(),
                () ->
                    handleRejections(
                        rejections(),
                        () ->
                            concat(
                                pathPrefix(
                                    "v1",
                                    () ->
                                        concat(
                                            path("ws", () -> get(() -> extractRequest(request -> complete(webSocket.handle(request))))),
                                            cors.route(this::httpApi))),
                                webClient.route()))));
  }

  /** {@code /v1} but the WebSocket: the HTTP API, the web nodes' origins may call it cross-origin. */
  private Route httpApi() {
    return concat(
        search.route(),
        files.route(),
        ops.route(),
        hooks.route(),
        notify.route(),
        docs.route(),
        path("version", () -> get(() -> complete(responses.json(StatusCodes.OK, BuildInfo.CURRENT)))),
        pathPrefix(
            "auth",
            () ->
                post(
                    () ->
                        concat(
                            path("register", () -> REGISTER.route(() -> registrationThrottled(() -> body(AuthBodies.Register.class, auth::register, StatusCodes.CREATED)))),
                            path("login", () -> LOGIN.route(() -> client(address -> body(AuthBodies.Login.class, b -> auth.login(b, address), StatusCodes.OK)))),
                            path("refresh", () -> REFRESH.route(() -> body(AuthBodies.Refresh.class, auth::refresh, StatusCodes.OK))),
                            // Throttled like registration: an anonymous request that hashes a password.
                            path("reset-password", () -> RESET_PASSWORD.route(() -> registrationThrottled(() -> body(
                                AuthBodies.ResetPassword.class, b -> auth.redeemReset(b).thenApply(done -> new Reply.Empty()), StatusCodes.OK)))),
                            LOGOUT.route(logout::route)))));
  }

  /** Per client address, against mass sign-ups: 429 with {@code Retry-After} over the limit. */
  private Route registrationThrottled(Supplier<Route> inner) {
    return client(
        address -> {
          long retryAfter = registrations.attempt(ClientAddress.throttleKey(address));
          if (retryAfter == 0) {
            return inner.get();
          }
          SecurityLog.refusedRegistration(address, retryAfter);
          return complete(responses.rateLimited("too many attempts; retry later", retryAfter));
        });
  }

  private Route client(Function<InetAddress, Route> inner) {
    return extractRequest(request -> inner.apply(clientAddress.of(request)));
  }

  private <B, R> Route body(Class<B> type, Function<B, CompletionStage<R>> action, StatusCode success) {
    return withSizeLimit(
        responses.maxBodyBytes(),
        () ->
            entity(
                Unmarshaller.entityToString(),
                text -> {
                  CompletionStage<HttpResponse> response;
                  try {
                    response = action.apply(codec.readBody(text, type)).thenApply(result -> responses.json(success, result));
                  } catch (RuntimeException e) {
                    response = CompletableFuture.failedFuture(e);
                  }
                  return completeWithFuture(response.exceptionally(responses::failure));
                }));
  }

  private Route failed(Throwable failure) {
    return complete(responses.failure(failure));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler()
        .mapRejectionResponse(
            response -> {
              if (response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)) {
                return response;
              }
              ErrorCode code = codeForStatus(response.status().intValue());
              return responses.json(response.status(), new ErrorBody(code, response.status().reason()));
            });
  }

  private static ErrorCode codeForStatus(int status) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.httpStatus() == status) {
        return code;
      }
    }
    return status == 405 || status == 415 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
  }
}
