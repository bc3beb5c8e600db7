package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Administrators list the deployment's accounts ({@code admin.accounts}, from the account
 * projection) and read and set the registration mode ({@code admin.registration},
 * {@code admin.registration.set}), on one node started with {@code PARLEY_REGISTRATION=open}.
 */
class AccountDirectoryOverWireTest {
  /** How long the account projection may take to show a change, polling every 100 ms. */
  private static final Duration CATCH_UP = Duration.ofSeconds(20);

  private static TestNode node;
  private static ApiClient root;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.auth.registration", "open", "parley.search.poll-interval", "100ms"));
    assertEquals(201, register("root").statusCode());
    root = ApiClient.as(node.httpUrl(), accessToken("root"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> register(String username) {
    return Accounts.postRetryingUnavailable(
        node.httpUrl(), "/v1/auth/register", "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}");
  }

  private static String accessToken(String username) {
    HttpResponse<String> login =
        Accounts.postRetryingUnavailable(
            node.httpUrl(), "/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    return Accounts.json(login).path("accessToken").asText();
  }

  private static JsonNode accounts(WsClient.Fields fields) {
    return root.ok("admin.accounts", fields);
  }

  private static List<String> usernames(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.path("accounts").forEach(a -> names.add(a.path("username").asText()));
    return names;
  }

  private static JsonNode account(String username) {
    for (JsonNode a : accounts(f -> f.put("query", username)).path("accounts")) {
      if (a.path("username").asText().equals(username)) {
        return a;
      }
    }
    return null;
  }

  @Test
  void nonAdministratorsMayNeitherListAccountsNorTouchTheRegistrationMode() {
    assertEquals(201, register("nosy").statusCode());
    ApiClient nosy = ApiClient.as(node.httpUrl(), accessToken("nosy"));
    assertEquals(403, nosy.call("admin.accounts", f -> {}).statusCode());
    assertEquals(403, nosy.call("admin.registration", f -> {}).statusCode());
    HttpResponse<String> refused = nosy.call("admin.registration.set", f -> f.put("mode", "closed"));
    assertEquals(403, refused.statusCode(), refused.body());
    assertEquals("open", root.ok("admin.registration", f -> {}).path("mode").asText(), "the refused change changed nothing");
  }

  @Test
  void theListingShowsDeactivatedAccountsAndFindsByPrefixAPageAtATime() {
    for (String name : List.of("dir-ann", "dir-bob", "dir-cid", "other-dan")) {
      assertEquals(201, register(name).statusCode());
    }
    root.ok("account.name", f -> f.put("displayName", "Root"));
    root.ok("admin.deactivate", f -> f.put("username", "dir-bob"));
    LocalCluster.awaitCondition(
        () -> {
          JsonNode bob = account("dir-bob");
          return bob != null && bob.path("deactivated").asBoolean();
        },
        CATCH_UP,
        "dir-bob listed as deactivated");
    JsonNode bob = account("dir-bob");
    assertTrue(bob.path("id").asText().length() > 0, bob.toString());
    assertTrue(bob.path("createdAt").asLong() > 0, bob.toString());
    assertEquals(false, bob.path("admin").asBoolean());
    assertEquals(false, account("dir-ann").path("deactivated").asBoolean());
    LocalCluster.awaitCondition(
        () -> root.ok("admin.accounts", f -> f.put("query", "ROOT")).path("accounts").path(0).path("admin").asBoolean(),
        CATCH_UP,
        "root listed as an administrator");

    assertEquals(List.of("dir-ann", "dir-bob", "dir-cid"), usernames(accounts(f -> f.put("query", "dir-"))));
    JsonNode first = accounts(f -> f.put("query", "Dir-").put("limit", 2));
    assertEquals(List.of("dir-ann", "dir-bob"), usernames(first));
    String next = first.path("next").asText();
    JsonNode second = accounts(f -> f.put("query", "dir-").put("limit", 2).put("after", next));
    assertEquals(List.of("dir-cid"), usernames(second));
    assertTrue(second.path("next").isNull() || second.path("next").isMissingNode(), second.toString());
    assertEquals(List.of(), usernames(accounts(f -> f.put("query", "%"))), "a wildcard matches only itself");
  }

  @Test
  void aClosedRegistrationModeRefusesRegistrationUntilItIsOpenedAgain() {
    try {
      JsonNode closed = root.ok("admin.registration.set", f -> f.put("mode", "closed"));
      assertEquals("closed", closed.path("mode").asText(), closed.toString());
      assertEquals("stored", closed.path("source").asText());
      HttpResponse<String> refused = register("latecomer");
      assertEquals(403, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("registration is closed"), refused.body());
      assertEquals("closed", root.ok("admin.registration", f -> {}).path("mode").asText());
      JsonNode audit = root.ok("admin.audit", f -> {}).path("entries").path(0);
      assertEquals("admin.registration.set", audit.path("action").asText(), audit.toString());
      assertEquals("closed", audit.path("detail").asText(), audit.toString());
      assertEquals(400, root.call("admin.registration.set", f -> f.put("mode", "ajar")).statusCode());
    } finally {
      root.ok("admin.registration.set", f -> f.put("mode", "open"));
    }
    assertEquals(201, register("latecomer").statusCode());
  }
}
