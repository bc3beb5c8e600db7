package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract's rate limits with their default values: per connection, registrations per client
 * address, failed logins per account and address.
 */
class RateLimitTest {
  private static final int BURST = 50;
  private static final int REGISTRATIONS_PER_MINUTE = 10;
  private static final int FAILED_LOGINS_PER_ACCOUNT_AND_ADDRESS = 5;

  @Test
  void aConnectionOverItsRateIsRefusedThenClosedWith4002() {
    try (TestNode node = TestNode.startH2(TestNode.CONTRACT_LIMITS);
        WsClient client = WsClient.connect(node.wsUrl())) {
      Accounts.User user = loginOnce(node);
      client.ok("auth", n -> n.put("token", user.accessToken()));
      int refused = 0;
      for (int i = 0; i < 2 * BURST && !client.isClosed(); i++) {
        client.sendRaw("{\"op\":\"ping\",\"ref\":\"p" + i + "\"}");
      }
      for (int i = 0; i < 2 * BURST; i++) {
        String ref = "p" + i;
        JsonNode reply = client.awaitFrame(f -> ref.equals(f.path("ref").asText()));
        if ("error".equals(reply.path("op").asText())) {
          assertEquals("rate_limited", reply.path("code").asText());
          refused++;
        }
      }
      assertTrue(refused >= BURST - 10, "refused " + refused);
      assertFalse(client.isClosed(), "a client over the rate is refused, not cut off at once");
      try {
        for (int i = 0; i < 200 && !client.isClosed(); i++) {
          client.sendRaw("{\"op\":\"ping\"}");
        }
      } catch (RuntimeException closedWhileSending) {
        // the server closed the socket under the flood: what this test expects
      }
      assertEquals(4002, client.awaitClose());
    }
  }

  @Test
  void aFloodOfMalformedFramesIsRefusedThenClosedWith4002Too() {
    try (TestNode node = TestNode.startH2(TestNode.CONTRACT_LIMITS);
        WsClient client = WsClient.connect(node.wsUrl())) {
      Accounts.User user = loginOnce(node);
      client.ok("auth", n -> n.put("token", user.accessToken()));
      try {
        for (int i = 0; i < 4 * BURST && !client.isClosed(); i++) {
          client.sendRaw("{\"op\":\"no.such.op\",\"ref\":\"g" + i + "\"}");
        }
      } catch (RuntimeException closedWhileSending) {
        // the server closed the socket under the flood: what this test expects
      }
      client.awaitFrame(f -> "rate_limited".equals(f.path("code").asText()));
      assertEquals(4002, client.awaitClose());
    }
  }

  @Test
  void registrationsPerAddressAreLimitedWithRetryAfter() {
    try (TestNode node = TestNode.startH2(TestNode.CONTRACT_LIMITS)) {
      HttpResponse<String> last = null;
      for (int i = 0; i <= REGISTRATIONS_PER_MINUTE; i++) {
        last = Accounts.post(node.httpUrl(), "/v1/auth/register", "{\"username\":\"signup" + i + "\",\"password\":\"long enough\"}");
        if (i < REGISTRATIONS_PER_MINUTE) {
          assertEquals(201, last.statusCode(), "registration " + i);
        }
      }
      assertRateLimited(last);
    }
  }

  /** The default budget of one account from one address: docs/security.md. */
  @Test
  void failedLoginsPerAccountAndAddressAreLimitedWithRetryAfter() {
    try (TestNode node = TestNode.startH2(TestNode.CONTRACT_LIMITS)) {
      HttpResponse<String> last = null;
      for (int i = 0; i <= FAILED_LOGINS_PER_ACCOUNT_AND_ADDRESS; i++) {
        last = Accounts.post(node.httpUrl(), "/v1/auth/login", "{\"username\":\"nobody\",\"password\":\"wrong password\"}");
        if (i < FAILED_LOGINS_PER_ACCOUNT_AND_ADDRESS) {
          assertEquals(401, last.statusCode(), "attempt " + i);
        }
      }
      assertRateLimited(last);
    }
  }

  private static void assertRateLimited(HttpResponse<String> response) {
    assertEquals(429, response.statusCode());
    assertEquals("rate_limited", Accounts.json(response).path("code").asText());
    assertTrue(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow()) >= 1);
  }

  @Test
  void aUserOverTheConnectionLimitIsRefusedAtAuthUntilOneCloses() {
    Map<String, Object> settings = new HashMap<>(TestNode.UNLIMITED);
    settings.put("parley.user-session.max-connections", 2);
    try (TestNode node = TestNode.startH2(settings)) {
      Accounts.User user = Accounts.newUser(node.httpUrl(), "busy");
      WsClient first = WsClient.authenticated(node.wsUrl(), user.accessToken());
      try (WsClient second = WsClient.authenticated(node.wsUrl(), user.accessToken());
          WsClient third = WsClient.connect(node.wsUrl())) {
        JsonNode refused = third.request("auth", n -> n.put("token", user.accessToken()));
        assertEquals("rate_limited", refused.path("code").asText());
        assertEquals(4002, third.awaitClose());
        second.ok("ping", n -> {});
      }
      first.close();
      // The closed sockets are detached by messages of their own: admitted once those arrive.
      long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
      String answer;
      do {
        try (WsClient again = WsClient.connect(node.wsUrl())) {
          answer = again.request("auth", n -> n.put("token", user.accessToken())).path("op").asText();
        }
      } while (!"ok".equals(answer) && System.nanoTime() < deadline);
      assertEquals("ok", answer);
    }
  }

  /** One registration and one login: within the per-address budget. */
  private static Accounts.User loginOnce(TestNode node) {
    return Accounts.newUser(node.httpUrl(), "limited");
  }
}
