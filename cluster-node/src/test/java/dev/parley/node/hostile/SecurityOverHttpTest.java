package dev.parley.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password guessing over HTTP against the default budgets (docs/security.md): a forged
 * {@code X-Forwarded-For} buys no guesses, behind a trusted proxy the right-most hop it did not
 * write is the one counted, and a guesser locks out only itself, never the account's owner at
 * another address or other accounts at its own. Every failure and refusal is one WARN line of the
 * security log, without the password.
 */
class SecurityOverHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String WRONG = "not the password";
  private static final int GUESSES = 40;
  private static final String SECURITY_LOG = "WARN parley.security: ";

  /** Tests connect from loopback, so there the node's only peer is its trusted proxy. */
  private static TestNode behindProxy;
  private static TestNode direct;
  private static LogCapture log;

  @BeforeAll
  static void start() {
    log = LogCapture.attach(Level.WARN);
    direct = TestNode.startH2(TestNode.CONTRACT_LIMITS);
    Map<String, Object> trustingLoopback = new HashMap<>(TestNode.CONTRACT_LIMITS);
    trustingLoopback.put("parley.http.trusted-proxies", "127.0.0.1/32");
    behindProxy = TestNode.startH2(trustingLoopback);
  }

  @AfterAll
  static void stop() {
    log.close();
    direct.close();
    behindProxy.close();
  }

  private static HttpResponse<String> login(TestNode node, Accounts.User user, String password, String forwardedFor) {
    String body = "{\"username\":\"" + user.username() + "\",\"password\":\"" + password + "\"}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/auth/login"))
            .timeout(WsClient.TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("login failed to complete", e);
    }
  }

  private static String password(Accounts.User user) {
    return "password-" + user.username();
  }

  /** The statuses of wrong guesses for {@code user}, one per forwarded-for value. */
  private static List<Integer> guesses(TestNode node, Accounts.User user, List<String> forwardedFor) {
    List<Integer> statuses = new ArrayList<>();
    for (String hops : forwardedFor) {
      HttpResponse<String> response = login(node, user, WRONG, hops);
      if (response.statusCode() == 429) {
        assertEquals("rate_limited", Accounts.json(response).path("code").asText());
        assertTrue(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()) >= 1);
      }
      statuses.add(response.statusCode());
    }
    return statuses;
  }

  private static List<String> forwardedFor(String format, int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(String.format(format, i));
    }
    return values;
  }

  private static List<String> securityLogSince(int mark) {
    return log.eventsSince(mark).stream().filter(line -> line.startsWith(SECURITY_LOG)).map(line -> line.substring(SECURITY_LOG.length())).toList();
  }

  @Test
  void aForgedForwardedForBuysNoGuesses() {
    Accounts.User victim = Accounts.newUser(direct.httpUrl(), "forged");
    int mark = log.mark();
    List<Integer> statuses = guesses(direct, victim, forwardedFor("198.51.100.%d", GUESSES));

    int firstRefusal = statuses.indexOf(429);
    assertTrue(firstRefusal > 0, "no guess of " + GUESSES + " was refused: " + statuses);
    assertEquals(List.of(401), statuses.subList(0, firstRefusal).stream().distinct().toList(), statuses.toString());
    assertEquals(List.of(429), statuses.subList(firstRefusal, GUESSES).stream().distinct().toList(), statuses.toString());

    List<String> lines = securityLogSince(mark);
    assertEquals(firstRefusal, lines.stream().filter(l -> l.equals("Failed login for user " + victim.username() + " from 127.0.0.1")).count(), lines.toString());
    assertEquals(GUESSES - firstRefusal, lines.stream().filter(l -> l.startsWith("Login for user " + victim.username() + " from 127.0.0.1 refused")).count(), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains(WRONG) || l.contains("198.51.100.")), lines.toString());
  }

  @Test
  void behindATrustedProxyTheRightMostHopItDidNotWriteIsCounted() {
    Accounts.User victim = Accounts.newUser(behindProxy.httpUrl(), "proxied");
    int mark = log.mark();
    List<Integer> statuses = guesses(behindProxy, victim, forwardedFor("192.0.2.%d, 203.0.113.5", GUESSES));

    assertTrue(statuses.contains(429), "the left-most hops were believed: " + statuses);
    assertEquals(429, login(behindProxy, victim, WRONG, "203.0.113.5").statusCode(), "the same client without the forged hop");
    assertEquals(401, login(behindProxy, victim, WRONG, "203.0.113.6").statusCode(), "another client behind the proxy");
    List<String> lines = securityLogSince(mark);
    assertTrue(lines.contains("Failed login for user " + victim.username() + " from 203.0.113.5"), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.contains("192.0.2.") || l.contains("127.0.0.1")), lines.toString());
  }

  @Test
  void aGuesserAtOneAddressLocksOutOnlyItselfFromThatAccount() {
    Accounts.User victim = Accounts.newUser(behindProxy.httpUrl(), "victim");
    Accounts.User neighbour = Accounts.newUser(behindProxy.httpUrl(), "neighbour");
    String guesser = "203.0.113.10";
    List<Integer> statuses = guesses(behindProxy, victim, Collections.nCopies(12, guesser));
    assertEquals(429, statuses.get(statuses.size() - 1), statuses.toString());

    assertEquals(200, login(behindProxy, victim, password(victim), "203.0.113.11").statusCode(), "the owner from a fresh address");
    assertEquals(200, login(behindProxy, neighbour, password(neighbour), guesser).statusCode(), "another account from the guesser's address");
    assertEquals(401, login(behindProxy, neighbour, WRONG, guesser).statusCode(), "the other account's budget is its own");
  }

  /**
   * Guesses spread over many addresses run into the account's budget; the owner keeps getting in
   * from where they logged in before. An address the account has not seen waits like the guessers
   * until the budget refills: the price of capping guesses per account.
   */
  @Test
  void guessesSpreadOverManyAddressesAreCappedPerAccountButTheOwnersAddressGetsIn() {
    Accounts.User victim = Accounts.newUser(behindProxy.httpUrl(), "spread");
    String home = "198.18.0.1";
    assertEquals(200, login(behindProxy, victim, password(victim), home).statusCode());
    int mark = log.mark();
    List<Integer> statuses = guesses(behindProxy, victim, forwardedFor("198.51.100.%d", GUESSES));

    int firstRefusal = statuses.indexOf(429);
    assertTrue(firstRefusal > 0, "no guess of " + GUESSES + " from as many addresses was refused: " + statuses);
    assertTrue(
        securityLogSince(mark).stream().anyMatch(l -> l.contains("from 198.51.100.") && l.contains("refused: too many failed logins per account,")),
        securityLogSince(mark).toString());
    assertEquals(200, login(behindProxy, victim, password(victim), home).statusCode(), "the owner at home");
    assertEquals(429, login(behindProxy, victim, password(victim), "198.18.0.2").statusCode(), "an address the account never logged in from");
    assertFalse(securityLogSince(mark).stream().anyMatch(l -> l.contains(password(victim))));
  }
}
