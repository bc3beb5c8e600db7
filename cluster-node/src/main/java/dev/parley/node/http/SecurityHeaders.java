package dev.parley.node.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Headers on every response that limit what a browser lets a page of this node do. The web client
 * gets a Content-Security-Policy that allows only its own files, no inline script or style, and
 * connections only to its node and the web nodes ({@code PARLEY_WEB_NODES}), so that markup slipped
 * into the page can neither run nor send anything elsewhere. Answers under {@code /v1} are data no
 * page should render: their policy allows nothing. Every response forbids MIME sniffing, referrers
 * and framing (clickjacking), and carries HSTS when the node's public URL is https.
 */
final class SecurityHeaders extends AllDirectives {
  private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  /** A Host header that is only a name or address and a port, fit to go into a policy. */
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?");

  private final List<HttpHeader> always;
  private final List<String> connectSources;

  SecurityHeaders(SecurityHeaderSettings settings, List<String> webNodes) {
    List<HttpHeader> headers = new ArrayList<>();
    headers.add(RawHeader.create("X-Content-Type-Options", "nosniff"));
    headers.add(RawHeader.create("Referrer-Policy", "no-referrer"));
    headers.add(RawHeader.create("X-Frame-Options", "DENY"));
    if (settings.publicUrl().startsWith("https://")) {
      headers.add(RawHeader.create("Strict-Transport-Security", "max-age=" + settings.hstsMaxAge().toSeconds()));
    }
    this.always = List.copyOf(headers);
    Set<String> sources = new LinkedHashSet<>();
    if (!settings.publicUrl().isEmpty()) {
      sources.add(webSocketOrigin(settings.publicUrl()));
    }
    for (String node : webNodes) {
      sources.add(node);
      sources.add(webSocketOrigin(node));
    }
    this.connectSources = List.copyOf(sources);
  }

  Route route(Supplier<Route> inner) {
    return extractRequest(request -> respondWithDefaultHeaders(headersFor(request), inner));
  }

  private List<HttpHeader> headersFor(HttpRequest request) {
    String path = request.getUri().path();
    boolean api = path.equals("/v1") || path.startsWith("/v1/");
    List<HttpHeader> headers = new ArrayList<>(always);
    headers.add(RawHeader.create("Content-Security-Policy", api ? API_POLICY : webClientPolicy(request)));
    return headers;
  }

  /**
   * {@code 'self'} alone covers the node's own WebSocket only in browsers that follow CSP level 3,
   * so the ws:// and wss:// forms of the address the page was loaded from are listed too (both:
   * TLS may end at a proxy, where the node cannot see it).
   */
  private String webClientPolicy(HttpRequest request) {
    Set<String> sources = new LinkedHashSet<>();
    sources.add("'self'");
    request
        .getHeader("Host")
        .map(HttpHeader::value)
        .filter(host -> HOST.matcher(host).matches())
        .ifPresent(
            host -> {
              sources.add("ws://" + host);
              sources.add("wss://" + host);
            });
    sources.addAll(connectSources);
    return "default-src 'self'; connect-src "
        + String.join(" ", sources)
        + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** {@code http://h:p} to {@code ws://h:p}, {@code https://h:p} to {@code wss://h:p}. */
  private static String webSocketOrigin(String httpOrigin) {
    return "ws" + httpOrigin.substring("http".length());
  }
}
