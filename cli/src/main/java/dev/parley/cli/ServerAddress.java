package dev.parley.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The base URL of a Parley node ({@code http://host:port[/prefix]}) and the URLs derived from it. */
record ServerAddress(URI base) {

  /** Throws {@link IllegalArgumentException} unless {@code url} is an absolute http(s) URL. */
  static ServerAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' must be an http:// or https:// URL with a host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("'" + url + "' must not have user info, a query or a fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ServerAddress(URI.create(scheme + "://" + uri.getRawAuthority() + path));
  }

  /** {@code path} starts with a slash, e.g. {@code /v1/auth/login}. */
  URI http(String path) {
    return URI.create(base + path);
  }

  /** {@code ws://host:port[/prefix]/v1/ws} ({@code wss} for https). */
  URI webSocket() {
    String scheme = base.getScheme().equals("https") ? "wss" : "ws";
    return URI.create(scheme + base.toString().substring(base.getScheme().length()) + "/v1/ws");
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
