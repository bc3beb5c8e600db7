package dev.parley.node.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with the default settings (no {@code allow-http-loopback}) refuses the receiver
 * {@link SubscriptionsOverWireTest} uses: an {@code http://} URL, and https to a loopback address.
 */
class DefaultPolicyOverWireTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aUrlThatIsNotHttpsOrIsLoopbackIsRefused() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    ApiClient api = ApiClient.as(node.httpUrl(), owner.accessToken());
    String workspaceId = api.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
    for (String url : List.of("http://127.0.0.1:8080/events", "https://127.0.0.1:8443/events", "https://localhost/events")) {
      HttpResponse<String> refused =
          api.call("subscription.create", f -> {
            f.put("workspaceId", workspaceId).put("url", url);
            f.putArray("events").add("message.posted");
          });
      assertEquals(400, refused.statusCode(), url + ": " + refused.body());
      assertTrue(refused.body().contains("field 'url'"), refused.body());
    }
    assertEquals(0, api.ok("subscription.list", f -> f.put("workspaceId", workspaceId)).path("subscriptions").size());
  }
}
