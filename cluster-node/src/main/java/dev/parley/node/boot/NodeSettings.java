package dev.parley.node.boot;

import static dev.parley.seed.SettingChecks.wholeNumber;
import static dev.parley.seed.SettingReader.read;
import static dev.parley.seed.SettingReader.readSecret;

import com.typesafe.config.Config;
import dev.parley.node.auth.FailureBudget;
import dev.parley.node.auth.LoginThrottleSettings;
import dev.parley.node.auth.RegistrationMode;
import dev.parley.node.erasure.ErasureSettings;
import dev.parley.node.files.FileSettings;
import dev.parley.node.http.SecurityHeaderSettings;
import dev.parley.node.http.WebClientSettings;
import dev.parley.node.logging.LogSettings;
import dev.parley.node.net.Cidr;
import dev.parley.node.net.HttpPort;
import dev.parley.node.notify.NotifySettings;
import dev.parley.node.subscriptions.SubscriptionSettings;
import dev.parley.node.read.search.SearchSettings;
import dev.parley.node.transport.SocketLimits;
import dev.parley.protocol.BuildInfo;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.seed.ClusterTls;
import dev.parley.seed.FormationSettings;
import dev.parley.seed.SecretStrength;
import dev.parley.seed.SettingChecks;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    Path backupDir,
    int dbPoolSize,
    byte[] tokenSecret,
    Duration sessionMaxAge,
    int bcryptCost,
    RegistrationMode registration,
    String bootstrapAdmin,
    List<String> allowedOrigins,
    List<String> webNodes,
    Duration webHeartbeatInterval,
    Duration webHeartbeatTimeout,
    String adminToken,
    List<Cidr> trustedProxies,
    String publicUrl,
    Duration hstsMaxAge,
    LoginThrottleSettings loginThrottle,
    String appVersion,
    int maxConnectionsPerUser,
    SearchSettings search,
    ErasureSettings erasure,
    FileSettings files,
    NotifySettings notifications,
    SubscriptionSettings subscriptions,
    LogSettings log,

    SocketLimits socketLimits) {

  private static final int MIN_SECRET_BYTES = 32;
  /** Long enough that guessing it over HTTP is hopeless. */
  private static final int MIN_ADMIN_TOKEN_CHARS = 16;
  /** Names and IP literals (IPv6 with or without brackets, with a zone); no spaces, schemes or ports. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]+");

  public static NodeSettings from(Config config) {
    Config c = config.getConfig("parley");
    // Before the management host, which defaults to it: a bad value is named as the variable set.
    String clusterHost = read(c, "cluster.host", "PARLEY_CLUSTER_HOST", NodeSettings::host);
    Path dataDir = read(c, "db.data-dir", "PARLEY_DATA_DIR", NodeSettings::path);
    // Only checked here: Pekko's dispatchers read it (dispatchers.conf).
    read(c, "actor-threads", "PARLEY_ACTOR_THREADS", wholeNumber(1, 1024));
    // Only checked here: Pekko's cluster reads them (cluster.conf).
    read(c, "failover.heartbeat-interval", "PARLEY_FAILOVER_HEARTBEAT_INTERVAL", SettingChecks::positiveDuration);
    read(c, "failover.acceptable-pause", "PARLEY_FAILOVER_ACCEPTABLE_PAUSE", SettingChecks::positiveDuration);
    read(c, "failover.removal-margin", "PARLEY_FAILOVER_REMOVAL_MARGIN", SettingChecks::positiveDuration);
    // Checked here; Pekko's resolver and ProbedDowning read stable-after, ProbedDowning the probe's timeout.
    read(c, "failover.stable-after", "PARLEY_FAILOVER_STABLE_AFTER", SettingChecks::positiveDuration);
    read(c, "failover.probe-timeout", "PARLEY_FAILOVER_PROBE_TIMEOUT", SettingChecks::positiveDuration);
    // Checked here; the presence hub reads it when the domain starts.
    read(c, "presence.batch-window", "PARLEY_PRESENCE_BATCH_WINDOW", SettingChecks::positiveDuration);
    // Only checked here: the HTTP port reads it when it binds.
    read(c, "http.transport", "PARLEY_HTTP_TRANSPORT", HttpPort.Transport::fromSetting);
    // Only checked here: the webhook throttle reads them (Throttles).
    read(c, "hooks.posts-per-minute", "PARLEY_HOOK_POSTS_PER_MINUTE", SettingChecks::positiveWholeNumber);
    read(c, "hooks.posts-burst", "PARLEY_HOOK_POSTS_BURST", SettingChecks::positiveWholeNumber);
    return new NodeSettings(
        read(c, "http.host", "PARLEY_HTTP_HOST", NodeSettings::host),
        read(c, "http.port", "PARLEY_HTTP_PORT", FormationSettings::port),
        read(c, "management.host", "PARLEY_MANAGEMENT_HOST", NodeSettings::host),
        read(c, "management.port", "PARLEY_MANAGEMENT_PORT", FormationSettings::port),
        clusterHost,
        read(c, "cluster.port", "PARLEY_CLUSTER_PORT", FormationSettings::port),
        ClusterTls.from(config),
        FormationSettings.from(config),
        readSecret(c, "db.url", "PARLEY_DB_URL", NodeSettings::jdbcUrl),
        read(c, "db.user", "PARLEY_DB_USER", v -> v),
        readSecret(c, "db.password", "PARLEY_DB_PASSWORD", v -> v),
        dataDir,
        read(c, "db.backup-dir", "PARLEY_BACKUP_DIR", value -> backupDir(value, dataDir)),
        // A PostgreSQL server allows 100 connections by default, shared by every node.
        read(c, "db.pool-size", "PARLEY_DB_POOL_SIZE", wholeNumber(1, 1000)),
        readSecret(c, "auth.token-secret", "PARLEY_TOKEN_SECRET", NodeSettings::secret),
        read(c, "auth.session-max-age", "PARLEY_SESSION_MAX_AGE", SettingChecks::positiveDuration),
        // bcrypt's own bounds; each step doubles the time of every login and registration.
        read(c, "auth.bcrypt-cost", "PARLEY_BCRYPT_COST", wholeNumber(4, 31)),
        read(c, "auth.registration", "PARLEY_REGISTRATION", RegistrationMode::fromSetting),
        read(c, "auth.bootstrap-admin", "PARLEY_BOOTSTRAP_ADMIN", NodeSettings::bootstrapAdmin),
        read(c, "http.allowed-origins", "PARLEY_ALLOWED_ORIGINS", NodeSettings::origins),
        read(c, "http.web-nodes", "PARLEY_WEB_NODES", NodeSettings::origins),
        read(c, "web.heartbeat-interval", "PARLEY_WEB_HEARTBEAT_INTERVAL", SettingChecks::positiveDuration),
        read(c, "web.heartbeat-timeout", "PARLEY_WEB_HEARTBEAT_TIMEOUT", SettingChecks::positiveDuration),
        readSecret(c, "admin.token", "PARLEY_ADMIN_TOKEN", NodeSettings::adminToken),
        read(c, "http.trusted-proxies", "PARLEY_TRUSTED_PROXIES", NodeSettings::cidrs),
        read(c, "http.public-url", "PARLEY_PUBLIC_URL", NodeSettings::publicUrl),
        c.getDuration("http.hsts-max-age"),
        loginThrottle(c.getConfig("auth.login")),
        read(c, "app-version", "PARLEY_APP_VERSION", NodeSettings::appVersion),
        read(c, "user-session.max-connections", "PARLEY_MAX_CONNECTIONS_PER_USER", wholeNumber(1, 10_000)),
        SearchSettings.from(config),
        ErasureSettings.from(config),
        FileSettings.from(config, dataDir),
        NotifySettings.from(config),
        SubscriptionSettings.from(config),
        new LogSettings(
            read(c, "log.format", "PARLEY_LOG_FORMAT", LogSettings::format),
            read(c, "log.level", "PARLEY_LOG_LEVEL", LogSettings::level)),

        new SocketLimits(
            read(c, "http.max-connections", "PARLEY_MAX_CONNECTIONS", NodeSettings::maxConnections),
            read(c, "connection.max-per-address", "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", SettingChecks::positiveWholeNumber),
            read(
                c,
                "connection.max-unauthenticated-per-address",
                "PARLEY_MAX_UNAUTHENTICATED_CONNECTIONS_PER_ADDRESS",
                SettingChecks::positiveWholeNumber)));
  }

  private static LoginThrottleSettings loginThrottle(Config login) {
    return new LoginThrottleSettings(
        failureBudget(login, "per-account-and-address", "PER_ACCOUNT_AND_ADDRESS"),
        failureBudget(login, "per-account", "PER_ACCOUNT"),
        failureBudget(login, "per-address", "PER_ADDRESS"),
        read(login, "known-address-for", "PARLEY_LOGIN_KNOWN_ADDRESS_FOR", SettingChecks::positiveDuration),
        login.getInt("tracked"));
  }

  private static FailureBudget failureBudget(Config login, String path, String variableSuffix) {
    return new FailureBudget(
        read(login, path + ".failures", "PARLEY_LOGIN_FAILURES_" + variableSuffix, SettingChecks::positiveWholeNumber),
        read(login, path + ".refill-every", "PARLEY_LOGIN_REFILL_" + variableSuffix, SettingChecks::positiveDuration));
  }

  /** What the node's responses say about how browsers may use them ({@code PARLEY_PUBLIC_URL}, HSTS). */
  public SecurityHeaderSettings securityHeaders() {
    return new SecurityHeaderSettings(publicUrl, hstsMaxAge);
  }

  /**
   * Origins whose pages may open WebSockets besides the node's own: the configured ones, the web
   * nodes, and the public URL (behind a TLS proxy the page's https origin is not the node's own).
   */
  public List<String> webSocketOrigins() {
    List<String> origins = new ArrayList<>(allowedOrigins);
    webNodes.stream().filter(node -> !origins.contains(node)).forEach(origins::add);
    if (!publicUrl.isEmpty() && !origins.contains(publicUrl)) {
      origins.add(publicUrl);
    }
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

  private static String host(String value) {
    String host = nonBlank(value);
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("must be a host name or an IP address");
    }
    return host;
  }

  /** Empty: none; else a username as registration would take it (normalized). */
  private static String bootstrapAdmin(String value) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return Limits.DEFAULTS.username(value.strip());
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("must be a username: 3..32 of [a-z0-9._-]");
    }
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

  private static List<Cidr> cidrs(String value) {
    try {
      return Cidr.parseList(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be comma-separated CIDR blocks such as 10.0.0.0/8 or fd00::/8: " + e.getMessage());
    }
  }

  /** Empty, or an http(s) origin with at most a "/" after it: the web client lives at the root. */
  private static String publicUrl(String value) {
    String url = value.strip();
    if (url.isEmpty()) {
      return url;
    }
    String problem = "must be empty or an http:// or https:// base URL such as https://chat.example.com";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem);
    }
    boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
    boolean root = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
    if (!web || uri.getHost() == null || !bare || !root) {
      throw new IllegalArgumentException(problem);
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  private static int maxConnections(String value) {
    int connections = SettingChecks.positiveWholeNumber(value);
    if (connections < SocketLimits.MIN_MAX_CONNECTIONS) {
      throw new IllegalArgumentException("must be at least " + SocketLimits.MIN_MAX_CONNECTIONS);
    }
    return connections;
  }

  private static String jdbcUrl(String value) {
    String url = value.strip();
    if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new IllegalArgumentException("must be empty (embedded H2) or a jdbc:postgresql: or jdbc:h2: URL");
    }
    return url;
  }

  private static Path path(String value) {
    try {
      return Path.of(nonBlank(value)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("must be a directory path");
    }
  }

  /** Checked now rather than at the first backup, which may come long after a bad deploy. */
  private static Path backupDir(String value, Path dataDir) {
    Path dir = value.isBlank() ? dataDir.resolve("backups") : path(value);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("must be a directory, not a file");
    }
    return dir;
  }

  private static String adminToken(String value) {
    if (value.isEmpty()) {
      return value;
    }
    if (value.length() < MIN_ADMIN_TOKEN_CHARS) {
      throw new IllegalArgumentException("must be empty (admin endpoints closed) or at least " + MIN_ADMIN_TOKEN_CHARS + " characters");
    }
    return SecretStrength.check(value);
  }

  /** Empty: this build's version; otherwise one word, as Pekko compares versions part by part. */
  private static String appVersion(String value) {
    String version = value.strip();
    if (version.isEmpty()) {
      return BuildInfo.CURRENT.version();
    }
    if (version.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("must be a version such as 1.4.2, without spaces");
    }
    return version;
  }

  private static byte[] secret(String value) {
    if (value.isEmpty()) {
      return new byte[0];
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("must be empty (generated) or at least " + MIN_SECRET_BYTES + " bytes");
    }
    SecretStrength.check(value);
    return bytes;
  }
}
