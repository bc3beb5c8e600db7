package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code PARLEY_REGISTRATION} {@code open} and {@code closed}, and {@code PARLEY_BOOTSTRAP_ADMIN},
 * over HTTP on fresh nodes ({@code invite}, the default: {@link AdministrationOverWireTest}).
 */
class RegistrationModesTest {

  /** Retries {@code unavailable} as clients do: a fresh node's entities may take a while to start on a busy machine. */
  private static HttpResponse<String> register(TestNode node, String username) {
    return Accounts.postRetryingUnavailable(
        node.httpUrl(), "/v1/auth/register", "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}");
  }

  private static String accessToken(TestNode node, String username, String password) {
    HttpResponse<String> login =
        Accounts.postRetryingUnavailable(node.httpUrl(), "/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    return Accounts.json(login).path("accessToken").asText();
  }

  private static boolean isAdmin(TestNode node, String username) {
    String token = accessToken(node, username, "password-" + username);
    return ApiClient.as(node.httpUrl(), token).ok("account.me", f -> {}).path("account").path("admin").asBoolean();
  }

  @Test
  void openRegistrationAdmitsAnyoneAndOnlyTheFirstAdministers() {
    try (TestNode node = TestNode.startH2(Map.of("parley.auth.registration", "open"))) {
      assertEquals(201, register(node, "first").statusCode());
      assertEquals(201, register(node, "second").statusCode());
      assertEquals(201, register(node, "third").statusCode());
      assertTrue(isAdmin(node, "first"));
      assertFalse(isAdmin(node, "second"));
      assertFalse(isAdmin(node, "third"));
    }
  }

  @Test
  void closedRegistrationLeavesAccountsToAdministrators() {
    try (TestNode node = TestNode.startH2(Map.of("parley.auth.registration", "closed"))) {
      assertEquals(201, register(node, "founder").statusCode(), "the first account registers: someone must administer");
      HttpResponse<String> refused = register(node, "walkin");
      assertEquals(403, refused.statusCode(), refused.body());
      assertEquals("forbidden", Accounts.json(refused).path("code").asText());

      ApiClient founder = ApiClient.as(node.httpUrl(), accessToken(node, "founder", "password-founder"));
      JsonNode created =
          founder.ok("admin.create", f -> f.put("username", "Hired").put("password", "first-day-password").put("displayName", "Hired H."));
      assertFalse(created.path("userId").asText().isEmpty(), created.toString());
      String hired = accessToken(node, "hired", "first-day-password");
      JsonNode me = ApiClient.as(node.httpUrl(), hired).ok("account.me", f -> {}).path("account");
      assertEquals("Hired H.", me.path("displayName").asText());
      assertFalse(me.path("admin").asBoolean());
      assertEquals(409, founder.call("admin.create", f -> f.put("username", "hired").put("password", "another-password")).statusCode());
      assertEquals(403, ApiClient.as(node.httpUrl(), hired).call("admin.create", f -> f.put("username", "x-y-z").put("password", "another-password")).statusCode());
      JsonNode audit = founder.ok("admin.audit", f -> {}).path("entries");
      assertEquals("admin.create", audit.path(0).path("action").asText(), audit.toString());
      assertEquals("hired", audit.path(0).path("target").asText());
    }
  }

  @Test
  void theBootstrapAdminAdministersInsteadOfTheFirstAccount() {
    try (TestNode node = TestNode.startH2(Map.of("parley.auth.registration", "invite", "parley.auth.bootstrap-admin", "Boss"))) {
      assertEquals(403, register(node, "early").statusCode(), "no first-account privilege with a bootstrap admin");
      assertEquals(201, register(node, "boss").statusCode(), "the bootstrap admin needs no invite");
      assertTrue(isAdmin(node, "boss"));
    }
  }
}
