package dev.parley.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.parley.node.testing.RawHttp;
import dev.parley.node.testing.TestNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator endpoints over the wire: {@code /v1/admin/*} answers on the management port, with
 * the operator token only, and not at all on the HTTP port; wrong tokens are counted per TCP peer
 * (each test speaks from its own loopback address) and refused with 429 beyond the budget, each
 * refusal one line of the security log that never shows a token.
 */
class OperatorEndpointsTest {
  private static final String TOKEN = "op-T0ken-7hQx2ZkW9vBcR4nJ8mYp";
  private static final String WRONG = "op-Wr0ng-4kLp8ZqX2vNcT6hJ9sDf";
  /** A member that does not exist: downing it changes nothing, and proves the request went through. */
  private static final String NOBODY = "{\"address\":\"pekko://parley@127.0.0.1:1\"}";
  private static final int BUDGET = 5;
  private static final String SECURITY_LOG = "WARN parley.security: ";

  private static TestNode node;
  private static LogCapture log;
  private static int managementPort;
  private static int httpPort;

  @BeforeAll
  static void start() {
    log = LogCapture.attach(Level.WARN);
    node = TestNode.startH2(Map.of("parley.admin.token", TOKEN));
    managementPort = URI.create(node.managementUrl()).getPort();
    httpPort = URI.create(node.httpUrl()).getPort();
  }

  @AfterAll
  static void stop() {
    node.close();
    log.close();
  }

  private static List<String> securityLogSince(int mark) {
    return log.eventsSince(mark).stream()
        .filter(line -> line.startsWith(SECURITY_LOG))
        .map(line -> line.substring(SECURITY_LOG.length()))
        .toList();
  }

  @Test
  void theEndpointsAnswerOnTheManagementPortWithTheTokenAndNotOnTheHttpPort() {
    String from = "127.0.0.3";
    RawHttp.Answer down = RawHttp.post(from, managementPort, "/v1/admin/down", Map.of("Authorization", "Bearer " + TOKEN), NOBODY);
    assertEquals(202, down.status(), down::toString);
    assertTrue(down.body().contains("\"downed\":\"pekko://parley@127.0.0.1:1\""), down::toString);

    RawHttp.Answer none = RawHttp.post(from, managementPort, "/v1/admin/down", Map.of(), NOBODY);
    assertEquals(401, none.status(), none::toString);
    assertTrue(none.body().contains("\"code\":\"unauthorized\""), none::toString);

    for (String action : List.of("drain", "leave", "down")) {
      RawHttp.Answer onHttp =
          RawHttp.post(from, httpPort, "/v1/admin/" + action, Map.of("Authorization", "Bearer " + TOKEN), NOBODY);
      assertEquals(404, onHttp.status(), action + ": " + onHttp);
    }
    assertEquals(200, RawHttp.get(from, managementPort, "/alive").status(), "the node is still up");
  }

  @Test
  void wrongTokensFromOneAddressAreRefusedWith429BeyondTheBudgetWhileOtherAddressesGetIn() {
    String guesser = "127.0.0.2";
    int mark = log.mark();
    for (int i = 0; i < BUDGET; i++) {
      RawHttp.Answer wrong = RawHttp.post(guesser, managementPort, "/v1/admin/down", Map.of("Authorization", "Bearer " + WRONG), NOBODY);
      assertEquals(401, wrong.status(), "guess " + i + ": " + wrong);
    }
    RawHttp.Answer refused = RawHttp.post(guesser, managementPort, "/v1/admin/down", Map.of("Authorization", "Bearer " + WRONG), NOBODY);
    assertEquals(429, refused.status(), refused::toString);
    assertTrue(refused.body().contains("\"code\":\"rate_limited\""), refused::toString);
    assertTrue(Long.parseLong(refused.headers().get("retry-after")) >= 1, refused::toString);

    RawHttp.Answer rightButThrottled =
        RawHttp.post(guesser, managementPort, "/v1/admin/down", Map.of("Authorization", "Bearer " + TOKEN), NOBODY);
    assertEquals(429, rightButThrottled.status(), "over the budget the token is not even compared: " + rightButThrottled);
    RawHttp.Answer forged =
        RawHttp.post(
            guesser,
            managementPort,
            "/v1/admin/down",
            Map.of("Authorization", "Bearer " + WRONG, "X-Forwarded-For", "198.51.100.7"),
            NOBODY);
    assertEquals(429, forged.status(), "the TCP peer counts, not what it writes: " + forged);

    RawHttp.Answer elsewhere =
        RawHttp.post("127.0.0.4", managementPort, "/v1/admin/down", Map.of("Authorization", "Bearer " + TOKEN), NOBODY);
    assertEquals(202, elsewhere.status(), elsewhere::toString);

    List<String> lines = securityLogSince(mark);
    assertEquals(
        List.of(
            "Operator request down from 127.0.0.2 refused: a wrong operator token",
            "Operator request down from 127.0.0.2 refused: a wrong operator token",
            "Operator request down from 127.0.0.2 refused: a wrong operator token",
            "Operator request down from 127.0.0.2 refused: a wrong operator token",
            "Operator request down from 127.0.0.2 refused: a wrong operator token"),
        lines.subList(0, BUDGET));
    assertEquals(BUDGET + 3, lines.size(), lines.toString());
    assertTrue(
        lines.subList(BUDGET, lines.size()).stream()
            .allMatch(l -> l.startsWith("Operator request down from 127.0.0.2 refused: too many failed attempts, retry in ")),
        lines.toString());
    assertTrue(log.eventsSince(mark).stream().noneMatch(l -> l.contains(TOKEN) || l.contains(WRONG)), "a token reached the log");
  }
}
