package dev.parley.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The browser client (module {@code web}): {@code index.html} at {@code /} and its files under
 * {@code /assets/}, read from the classpath so every node serves the same client with no separate
 * web server, and {@code /client-config.json}: the nodes the client may fail over to
 * ({@code PARLEY_WEB_NODES}) and its heartbeat ({@link WebClientSettings}). It is tried after
 * {@code /v1} and matches no path there, so the API's routes and errors win.
 */
final class WebClientRoutes extends AllDirectives {
  private static final String ROOT = "parley-web";

  private final String clientConfig;

  WebClientRoutes(WebClientSettings settings) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    settings.nodes().forEach(config.putArray("nodes")::add);
    config.put("heartbeatIntervalMs", settings.heartbeatInterval().toMillis());
    config.put("heartbeatTimeoutMs", settings.heartbeatTimeout().toMillis());
    this.clientConfig = config.toString();
  }

  /**
   * Paths first, method inside: a {@code get} reached by every request would cancel the API's
   * method rejections (a GET to a POST-only op must stay 405) and add its own to unknown paths.
   */
  Route route() {
    return concat(
        pathSingleSlash(() -> get(() -> getFromResource(ROOT + "/index.html"))),
        path("client-config.json", () -> get(() -> complete(HttpEntities.create(ContentTypes.APPLICATION_JSON, clientConfig)))),
        pathPrefix("assets", () -> get(() -> getFromResourceDirectory(ROOT))));
  }
}
