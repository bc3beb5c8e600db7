package dev.parley.node;

import static dev.parley.seed.SettingReader.read;
import static dev.parley.seed.SettingReader.readSecret;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.parley.node.api.WebClientSettings;
import dev.parley.seed.ClusterTls;
import dev.parley.seed.FormationSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deploy-time settings of a node, read from {@code parley.*} (each overridable by an
 * environment variable, see {@code parley.conf}) and checked before anything starts: a bad value
 * stops the start with one line naming the variable.
 */
public record NodeSettings(
    String httpHost,
    int httpPort,
    String managementHost,
    int managementPort,
    String clusterHost,
    int clusterPort,
    ClusterTls clusterTls,
    FormationSettings formation,
    String dbUrl,
    String dbUser,
    String dbPassword,
    Path dataDir,
    byte[] tokenSecret,
    List<String> allowedOrigins,
    List<String> webNodes,
    Duration webHeartbeatInterval,
    Duration webHeartbeatTimeout,
    String adminToken) {

  private static final int MIN_SECRET_BYTES = 32;
  /** Long enough that guessing it over HTTP is hopeless. */
  private static final int MIN_ADMIN_TOKEN_CHARS = 16;

  public static NodeSettings from(Config config) {
    Config c = config.getConfig("parley");
    return new NodeSettings(
        read(c, "http.host", "PARLEY_HTTP_HOST", NodeSettings::nonBlank),
        read(c, "http.port", "PARLEY_HTTP_PORT", FormationSettings::port),
        read(c, "management.host", "PARLEY_MANAGEMENT_HOST", NodeSettings::nonBlank),
        read(c, "management.port", "PARLEY_MANAGEMENT_PORT", FormationSettings::port),
        read(c, "cluster.host", "PARLEY_CLUSTER_HOST", NodeSettings::nonBlank),
        read(c, "cluster.port", "PARLEY_CLUSTER_PORT", FormationSettings::port),
        ClusterTls.from(config),
        FormationSettings.from(config),
        readSecret(c, "db.url", "PARLEY_DB_URL", NodeSettings::jdbcUrl),
        read(c, "db.user", "PARLEY_DB_USER", v -> v),
        readSecret(c, "db.password", "PARLEY_DB_PASSWORD", v -> v),
        read(c, "db.data-dir", "PARLEY_DATA_DIR", NodeSettings::path),
        readSecret(c, "auth.token-secret", "PARLEY_TOKEN_SECRET", NodeSettings::secret),
        read(c, "http.allowed-origins", "PARLEY_ALLOWED_ORIGINS", NodeSettings::list),
        read(c, "http.web-nodes", "PARLEY_WEB_NODES", NodeSettings::origins),
        read(c, "web.heartbeat-interval", "PARLEY_WEB_HEARTBEAT_INTERVAL", NodeSettings::positiveDuration),
        read(c, "web.heartbeat-timeout", "PARLEY_WEB_HEARTBEAT_TIMEOUT", NodeSettings::positiveDuration),
        readSecret(c, "admin.token", "PARLEY_ADMIN_TOKEN", NodeSettings::adminToken));
  }

  /** Origins whose pages may open WebSockets besides the node's own: the configured ones and the web nodes. */
  public List<String> webSocketOrigins() {
    List<String> origins = new ArrayList<>(allowedOrigins);
    webNodes.stream().filter(node -> !origins.contains(node)).forEach(origins::add);
    return List.copyOf(origins);
  }

  /** What {@code /client-config.json} tells the web client. */
  public WebClientSettings webClient() {
    return new WebClientSettings(webNodes, webHeartbeatInterval, webHeartbeatTimeout);
  }

  /** Whether the embedded H2 file database is used (no {@code PARLEY_DB_URL}). */
  public boolean embeddedDatabase() {
    return dbUrl.isEmpty();
  }

  @Override
  public String toString() {
    return "NodeSettings[http=" + httpHost + ":" + httpPort + ", management=" + managementHost + ":" + managementPort
        + ", cluster=" + clusterHost + ":" + clusterPort + ", " + clusterTls + "]";
  }

  private static String nonBlank(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return value.strip();
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return List.copyOf(items);
  }

  /** Base URLs reduced to origins ({@code scheme://host[:port]}), which is all a browser can reach a node by. */
  private static List<String> origins(String value) {
    List<String> origins = new ArrayList<>();
    for (String item : list(value)) {
      URI uri;
      try {
        uri = new URI(item);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("must be comma-separated http:// or https:// URLs");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("must be comma-separated http:// or https:// URLs");
      }
      origins.add(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
    }
    return List.copyOf(origins);
  }

  private static String jdbcUrl(String value) {
    String url = value.strip();
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException("must be empty (embedded H2) or a jdbc:postgresql: or jdbc:h2: URL");
    }
    return url;
  }

  /** A HOCON duration ({@code 20s}, {@code 500ms}) above zero. */
  private static Duration positiveDuration(String value) {
    Duration duration;
    try {
      duration = ConfigFactory.parseMap(Map.of("value", value)).getDuration("value");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("must be a duration such as 20s or 500ms");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("must be above zero");
    }
    return duration;
  }

  private static Path path(String value) {
    try {
      return Path.of(nonBlank(value)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("must be a directory path");
    }
  }

  private static String adminToken(String value) {
    if (!value.isEmpty() && value.length() < MIN_ADMIN_TOKEN_CHARS) {
      throw new IllegalArgumentException("must be empty (admin endpoints closed) or at least " + MIN_ADMIN_TOKEN_CHARS + " characters");
    }
    return value;
  }

  private static byte[] secret(String value) {
    if (value.isEmpty()) {
      return new byte[0];
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("must be empty (generated) or at least " + MIN_SECRET_BYTES + " bytes");
    }
    return bytes;
  }
}
