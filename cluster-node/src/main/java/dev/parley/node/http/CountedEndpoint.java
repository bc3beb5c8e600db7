package dev.parley.node.http;

import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Counts each answer of an HTTP endpoint as a request of {@code op}; on an endpoint whose only 401
 * is an auth failure of one kind, or whose only 429 is one limit, those count there too
 * ({@code null}: none). Rejections (wrong method, unknown path) are not requests of the endpoint.
 */
public record CountedEndpoint(RequestCounter op, AuthFailure unauthorized, RateLimitScope limited) {
  private static final int UNAUTHORIZED = 401;
  private static final int TOO_MANY_REQUESTS = 429;

  /** {@code POST /v1/api/<op>}: 401 is the bearer token's, 429 the user's call rate. */
  static CountedEndpoint api(String op) {
    return new CountedEndpoint(RequestCounter.of(op), AuthFailure.ACCESS_TOKEN, RateLimitScope.API);
  }

  public Route route(Supplier<Route> inner) {
    return Directives.mapResponse(this::count, inner);
  }

  private HttpResponse count(HttpResponse response) {
    int status = response.status().intValue();
    op.answered(status);
    if (status == UNAUTHORIZED && unauthorized != null) {
      unauthorized.inc();
    } else if (status == TOO_MANY_REQUESTS && limited != null) {
      limited.inc();
    }
    return response;
  }
}
