package dev.parley.node.http;

import dev.parley.node.EntityIds;
import dev.parley.node.Outcome;
import dev.parley.node.Rejections;
import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.TokenService;
import dev.parley.node.logging.LogContext;
import dev.parley.node.read.search.MessageSearch;
import dev.parley.node.read.search.SearchSettings;
import dev.parley.node.session.UserSession;
import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.SearchResult;
import dev.parley.protocol.WireCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/search?workspaceId=&q=&limit=} with {@code Authorization: Bearer <accessToken>}.
 * What the caller may read is decided at query time, not when the message was indexed: the caller
 * must be a member of the workspace (else {@code not_found}, which does not reveal that it exists),
 * and hits come only from the channels of that workspace that both the caller's UserSession lists
 * (a leave takes effect there before it is acknowledged) and the channels' own join and leave
 * events have the caller in ({@link MessageSearch}): the session's list alone may be stale.
 */
public final class SearchRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(SearchRoutes.class);
  private static final CountedEndpoint COUNTED =
      new CountedEndpoint(RequestCounter.of("search"), AuthFailure.ACCESS_TOKEN, RateLimitScope.SEARCH);

  /** A valid request. */
  private record Query(String workspaceId, String text, int limit) {}

  private final ClusterSharding sharding;
  private final MessageSearch search;
  private final SearchSettings settings;
  private final WireCodec codec;
  private final JsonResponses responses;
  private final BearerAuth bearer;
  private final Duration askTimeout;
  private final Executor blocking;
  /** Queries per user: each one is a database query, so one user must not take the search pool. */
  private final AttemptThrottle queries;

  public SearchRoutes(
      ActorSystem<?> system,
      TokenService tokens,
      MessageSearch search,
      SearchSettings settings,
      WireCodec codec,
      AttemptThrottle queries,
      Duration askTimeout) {
    this.queries = queries;
    this.sharding = ClusterSharding.get(system);
    this.search = search;
    this.settings = settings;
    this.codec = codec;
    this.responses = new JsonResponses(codec);
    this.bearer = new BearerAuth(tokens, responses);
    this.askTimeout = askTimeout;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(SearchSettings.DISPATCHER));
  }

  /** Mounted under {@code /v1}. */
  public Route route() {
    return path("search", () -> get(() -> COUNTED.route(() -> bearer.authenticated(user -> throttled(user, () -> answer(user))))));
  }

  private Route answer(AuthenticatedUser user) {
    return parameterOptional(
        "workspaceId",
        workspaceId ->
            parameterOptional(
                "q",
                q -> parameterOptional("limit", limit -> completeWithFuture(respond(user, workspaceId, q, limit)))));
  }

  /** 429 with {@code Retry-After} when the user has used up their queries. */
  private Route throttled(AuthenticatedUser user, Supplier<Route> inner) {
    long retryAfter = queries.attempt(user.userId());
    if (retryAfter == 0) {
      return inner.get();
    }
    LogContext.with(Map.of(LogContext.USER_ID, user.userId()), () -> log.warn("Search refused for user {}: over the query rate", user.userId()));
    return complete(responses.rateLimited("too many searches; retry later", retryAfter));
  }

  private CompletionStage<HttpResponse> respond(
      AuthenticatedUser user, Optional<String> workspaceId, Optional<String> q, Optional<String> limit) {
    CompletionStage<SearchResult> result;
    try {
      result = search(user, query(workspaceId, q, limit));
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.thenApply(hits -> responses.json(StatusCodes.OK, hits)).exceptionally(responses::failure);
  }

  private Query query(Optional<String> workspaceId, Optional<String> q, Optional<String> limit) {
    Limits limits = codec.limits();
    String workspace = limits.id("workspaceId", workspaceId.orElse(null));
    String text = Limits.required("q", q.orElse(null));
    if (text.isBlank() || text.codePointCount(0, text.length()) > settings.maxQueryChars()) {
      throw ProtocolException.badRequest(
          "parameter 'q' must have 1.." + settings.maxQueryChars() + " characters, not all blank");
    }
    return new Query(workspace, text, limit.map(this::hitLimit).orElse(settings.defaultHits()));
  }

  private int hitLimit(String value) {
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw badLimit();
    }
    if (limit < 1 || limit > settings.maxHits()) {
      throw badLimit();
    }
    return limit;
  }

  private ProtocolException badLimit() {
    return ProtocolException.badRequest("parameter 'limit' must be a number in 1.." + settings.maxHits());
  }

  private CompletionStage<SearchResult> search(AuthenticatedUser user, Query query) {
    CompletionStage<Workspace.Summary> membership =
        sharding
            .entityRefFor(Workspace.ENTITY_KEY, EntityIds.checked(query.workspaceId()))
            .<Outcome<Workspace.Summary>>ask(replyTo -> new Workspace.GetMembership(user.userId(), replyTo), askTimeout)
            .thenApply(Rejections::valueOf);
    CompletionStage<List<String>> channels =
        sharding
            .entityRefFor(UserSession.ENTITY_KEY, user.userId())
            .<Outcome<UserSession.State>>ask(UserSession.GetState::new, askTimeout)
            .thenApply(Rejections::valueOf)
            .thenApply(
                state -> {
                  // An access token outlives a deactivation by up to its lifetime; the session knows.
                  if (state.suspended()) {
                    throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this account is deactivated");
                  }
                  return state;
                })
            .thenApply(
                state ->
                    state.channels().values().stream()
                        .filter(channel -> channel.workspaceId().equals(query.workspaceId()))
                        .map(UserSession.ChannelMembership::channelId)
                        .sorted()
                        .toList());
    return membership
        .thenCombine(channels, (member, channelIds) -> channelIds)
        .thenApplyAsync(channelIds -> new SearchResult(hits(query, user.userId(), channelIds)), blocking);
  }

  private List<SearchResult.Hit> hits(Query query, String userId, List<String> channelIds) {
    try {
      return search.search(query.workspaceId(), userId, channelIds, query.text(), query.limit());
    } catch (SQLException e) {
      log.warn("Search query failed: SQLState {}: {}", e.getSQLState(), e.getMessage());
      throw new ProtocolException(ErrorCode.UNAVAILABLE, "search is unavailable; retry later");
    }
  }
}
