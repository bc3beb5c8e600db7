package dev.parley.node.http;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Cross-origin HTTP for the web nodes' origins only ({@code PARLEY_WEB_NODES}): a page served by
 * one node that failed over to another refreshes its token and searches there. Every other origin
 * gets no CORS headers, so browsers keep refusing it. Tokens travel in {@code Authorization}, never
 * in cookies, so credentials mode stays off.
 */
final class WebNodesCors extends AllDirectives {
  private static final List<HttpHeader> PREFLIGHT =
      List.of(
          RawHeader.create("Access-Control-Allow-Methods", "GET, POST"),
          RawHeader.create("Access-Control-Allow-Headers", "Authorization, Content-Type"),
          RawHeader.create("Access-Control-Max-Age", "600"));

  private final Set<String> origins;

  WebNodesCors(List<String> webNodes) {
    this.origins = Set.copyOf(webNodes);
  }

  Route route(Supplier<Route> inner) {
    return optionalHeaderValueByName(
        "Origin",
        origin -> {
          if (origin.isEmpty() || !origins.contains(origin.get())) {
            return inner.get();
          }
          List<HttpHeader> allow =
              List.of(
                  RawHeader.create("Access-Control-Allow-Origin", origin.get()),
                  RawHeader.create("Access-Control-Expose-Headers", "Retry-After"),
                  RawHeader.create("Vary", "Origin"));
          return respondWithHeaders(
              allow, () -> concat(options(() -> complete(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeaders(PREFLIGHT))), inner.get()));
        });
  }
}
