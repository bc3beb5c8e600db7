package dev.parley.node.api;

import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The browser client (module {@code web}): {@code index.html} at {@code /} and its files under
 * {@code /assets/}, read from the classpath so every node serves the same client with no separate
 * web server. It is tried after {@code /v1} and matches no path there, so the API's routes and
 * errors win.
 */
final class WebClientRoutes extends AllDirectives {
  private static final String ROOT = "parley-web";

  /**
   * Paths first, method inside: a {@code get} reached by every request would cancel the API's
   * method rejections (a GET to a POST-only op must stay 405) and add its own to unknown paths.
   */
  Route route() {
    return concat(
        pathSingleSlash(() -> get(() -> getFromResource(ROOT + "/index.html"))),
        pathPrefix("assets", () -> get(() -> getFromResourceDirectory(ROOT))));
  }
}
