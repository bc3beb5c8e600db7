package dev.parley.node.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics on a node that served a little traffic over the wire: every metric the
 * Grafana dashboard and the Prometheus alert rules under {@code docker/} query is exported (so
 * neither watches a series that was renamed or never existed), and the request, auth-failure and
 * rate-limit counters count what the traffic did. The metrics live in one registry per JVM, so the
 * counters are compared with a scrape taken before the traffic.
 */
class OperatorMetricsTest {
  private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "parley-dashboard.json");
  private static final Path ALERTS = Path.of("..", "docker", "prometheus", "alerts.yml");
  /** Series Prometheus writes itself for every scrape target: no node exports them. */
  private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,");
  /** Gauges counted on a timer (the entity census, every 10 s) and the search projection's first step take a moment. */
  private static final Duration EXPORTED_WITHIN = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestNode node;
  private static String before;
  private static int wrongPasswords;

  @BeforeAll
  static void serveSomeTraffic() throws Exception {
    node = TestNode.startH2(Map.of());
    before = scrape();
    driveTraffic();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void everyMetricTheDashboardAndTheAlertRulesQueryIsExported() throws Exception {
    Map<String, String> queries = new TreeMap<>(dashboardQueries());
    queries.putAll(alertQueries());
    Map<String, Set<String>> named = new TreeMap<>();
    queries.forEach((where, expr) -> PromQlNames.of(expr).forEach(name -> named.computeIfAbsent(name, n -> new TreeSet<>()).add(where)));
    MADE_BY_PROMETHEUS.forEach(named::remove);
    assertTrue(named.size() >= 20, "the dashboard and the alerts name only " + named.keySet());

    Set<String> missing = new TreeSet<>(named.keySet());
    awaitScrape(
        "every metric named",
        scrape -> {
          missing.removeAll(sampleNames(scrape));
          return missing.isEmpty();
        },
        () -> "not exported: " + missing.stream().map(name -> name + " " + named.get(name)).collect(Collectors.joining(", ")));
  }

  @Test
  void theCountersCountWhatTheTrafficDid() throws Exception {
    String after = scrape();
    Map<String, Double> expected =
        Map.ofEntries(
            Map.entry("parley_requests_total{op=\"auth.register\",outcome=\"ok\"}", 1.0),
            Map.entry("parley_requests_total{op=\"auth.login\",outcome=\"ok\"}", 1.0),
            Map.entry("parley_requests_total{op=\"auth.login\",outcome=\"unauthorized\"}", (double) wrongPasswords),
            Map.entry("parley_requests_total{op=\"auth.login\",outcome=\"rate_limited\"}", 1.0),
            Map.entry("parley_requests_total{op=\"auth.refresh\",outcome=\"unauthorized\"}", 1.0),
            Map.entry("parley_requests_total{op=\"auth\",outcome=\"ok\"}", 1.0),
            Map.entry("parley_requests_total{op=\"auth\",outcome=\"unauthorized\"}", 1.0),
            Map.entry("parley_requests_total{op=\"message.post\",outcome=\"ok\"}", 1.0),
            Map.entry("parley_requests_total{op=\"message.post\",outcome=\"bad_request\"}", 1.0),
            Map.entry("parley_requests_total{op=\"unknown\",outcome=\"bad_request\"}", 2.0),
            Map.entry("parley_requests_total{op=\"ping\",outcome=\"ok\"}", 1.0),
            Map.entry("parley_requests_total{op=\"ping\",outcome=\"unauthorized\"}", 1.0),
            Map.entry("parley_auth_failures_total{reason=\"password\"}", (double) wrongPasswords),
            Map.entry("parley_auth_failures_total{reason=\"access_token\"}", 2.0),
            Map.entry("parley_auth_failures_total{reason=\"refresh_token\"}", 1.0),
            Map.entry("parley_rate_limited_total{scope=\"login\"}", 1.0),
            Map.entry("parley_posts_total", 1.0));
    Map<String, Double> counted = new TreeMap<>();
    expected.keySet().forEach(series -> counted.put(series, value(after, series) - value(before, series)));
    assertEquals(new TreeMap<>(expected), counted);
    assertTrue(value(after, "parley_delivery_lag_seconds_count") > value(before, "parley_delivery_lag_seconds_count"), "no delivery timed");
    assertTrue(
        value(after, "parley_journal_write_seconds_count") - value(before, "parley_journal_write_seconds_count") >= 2,
        "the channel's create and post are journal writes");
  }

  @Test
  void theEntityCensusCountsEachTypeApart() throws Exception {
    for (String type : List.of("Account", "UserSession", "Workspace", "Channel")) {
      Predicate<String> running = Pattern.compile("parley_entities\\{type=\"" + type + "\"} [1-9][0-9.E]*").asMatchPredicate();
      awaitScrape("entities of type " + type, scrape -> scrape.lines().anyMatch(running), () -> "");
    }
  }

  /**
   * Requests of each kind, by a client over the wire: logins good and bad until the failed-login
   * budget refuses one, a forged refresh token, a WebSocket session that is refused a forged token,
   * and one that posts (receiving its own message), posts a bad one and sends two frames naming no
   * known op, an HTTP op and one with a forged access token.
   */
  private static void driveTraffic() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "ops");
    String wrong = "{\"username\":\"" + user.username() + "\",\"password\":\"not the password\"}";
    int status = 0;
    for (int attempt = 0; attempt < 20 && status != 429; attempt++) {
      status = Accounts.post(node.httpUrl(), "/v1/auth/login", wrong).statusCode();
      wrongPasswords += status == 401 ? 1 : 0;
    }
    assertEquals(429, status, "the failed-login budget never refused");
    assertEquals(401, Accounts.post(node.httpUrl(), "/v1/auth/refresh", "{\"refreshToken\":\"forged\"}").statusCode());
    try (WsClient forged = WsClient.connect(node.wsUrl())) {
      assertEquals("unauthorized", forged.request("auth", n -> n.put("token", "forged")).path("code").asText());
    }
    try (WsClient client = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      String workspaceId = client.ok("workspace.create", n -> n.put("name", "Ops")).path("workspace").path("id").asText();
      String channelId =
          client.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "status")).path("channel").path("id").asText();
      client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", "all green"));
      client.awaitEvent("message.posted", data -> "all green".equals(data.path("text").asText()));
      assertEquals("bad_request", client.request("message.post", n -> n.put("channelId", channelId)).path("code").asText());
      assertEquals("bad_request", client.request("no.such.op", n -> {}).path("code").asText());
      client.sendRaw("not json");
      client.awaitFrame(frame -> "error".equals(frame.path("op").asText()) && frame.path("ref").isMissingNode());
    }
    ApiClient.as(node.httpUrl(), user.accessToken()).ok("ping", n -> {});
    assertEquals(401, ApiClient.as(node.httpUrl(), "forged").callRaw("ping", "{}").statusCode());
  }

  /** Each {@code expr} of a panel's targets, and the metric of each {@code label_values} variable. */
  private static Map<String, String> dashboardQueries() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    Map<String, String> queries = new TreeMap<>();
    dashboard
        .findParents("targets")
        .forEach(
            panel -> {
              for (JsonNode target : panel.path("targets")) {
                queries.put("panel " + panel.path("title").asText() + " " + target.path("refId").asText(), target.path("expr").asText());
              }
            });
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      Matcher metric = LABEL_VALUES.matcher(query.isObject() ? query.path("query").asText() : query.asText());
      if (metric.find()) {
        queries.put("variable " + variable.path("name").asText(), metric.group(1));
      }
    }
    assertFalse(queries.isEmpty(), "no queries in " + DASHBOARD);
    return queries;
  }

  private static Map<String, String> alertQueries() throws IOException {
    JsonNode rules = new YAMLMapper().readTree(Files.readString(ALERTS));
    Map<String, String> queries = new TreeMap<>();
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        queries.put("alert " + rule.path("alert").asText(), rule.path("expr").asText());
      }
    }
    assertFalse(queries.isEmpty(), "no rules in " + ALERTS);
    return queries;
  }

  private static void awaitScrape(String what, Predicate<String> done, Supplier<String> detail) throws Exception {
    long deadline = System.nanoTime() + EXPORTED_WITHIN.toNanos();
    while (!done.test(scrape())) {
      if (System.nanoTime() > deadline) {
        fail("no " + what + " in /metrics within " + EXPORTED_WITHIN + ". " + detail.get());
      }
      Thread.sleep(100);
    }
  }

  private static String scrape() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics")).timeout(WsClient.TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  /** The name of every sample in a Prometheus text scrape (e.g. {@code x_bucket}, {@code x_count}). */
  private static Set<String> sampleNames(String scrape) {
    return scrape
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }

  /** The value of one series as the scrape writes it (labels in its order); 0 when it has none yet. */
  private static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]))
        .findFirst()
        .orElse(0);
  }
}
