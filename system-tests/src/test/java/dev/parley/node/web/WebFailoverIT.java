package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web client in a three-node cluster of real node processes: the node that served the page and
 * holds its WebSocket is killed (kill -9) while another user keeps posting, and the client carries
 * on through another node (PARLEY_WEB_NODES, /client-config.json): every message shows exactly once
 * and in order, and a post typed after the kill is delivered.
 */
class WebFailoverIT {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final int BEFORE_KILL = 20;
  private static final int AFTER_KILL = 20;
  private static final Duration POST_DEADLINE = Duration.ofSeconds(60);
  /** Short, so the client refreshes (every 10 s) while its own node is dead. */
  private static final String TOKEN_TTL = "20s";

  @Test
  void killedNodeIsLeftBehindAndEveryMessageShowsOnceInOrder() {
    Browser.assertInstalled();
    try (LocalCluster cluster = LocalCluster.start(3, PostgresTestServer.freshDatabase(), Map.of("parley.auth.access-token-ttl", TOKEN_TTL))) {
      String pageNode = cluster.node(0).httpUrl();
      String postingNode = cluster.node(1).httpUrl();
      Accounts.User alice = Accounts.newUser(postingNode, "alice");
      Accounts.User bob = Accounts.newUser(postingNode, "bob");
      String general;
      try (WsClient a = WsClient.authenticated(cluster.node(1).wsUrl(), alice.accessToken());
          WsClient b = WsClient.authenticated(cluster.node(2).wsUrl(), bob.accessToken())) {
        String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
        String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
        b.ok("workspace.join", n -> n.put("code", code));
        general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
        b.ok("channel.join", n -> n.put("channelId", general));
      }
      Poster alicePosts = new Poster(postingNode, alice.username(), alice.accessToken());
      List<String> sent = new ArrayList<>();

      try (Browser browser = Browser.open(pageNode + "/#" + general, WIDTH, HEIGHT)) {
        browser.logIn(bob.username(), "password-" + bob.username());
        browser.awaitText("#channel-title", "#general");
        for (int i = 1; i <= BEFORE_KILL; i++) {
          sent.add(alicePosts.post(general, "before kill " + i));
        }
        browser.awaitMessage(sent.get(sent.size() - 1));

        cluster.node(0).kill9();
        browser.awaitVisible("#banner", true);
        for (int i = 1; i <= AFTER_KILL; i++) {
          sent.add(alicePosts.post(general, "after kill " + i));
        }
        browser.awaitVisible("#banner", false);
        // The page's node is gone: the refresh must be answered by the node the socket moved to.
        browser.awaitTokenOtherThan(browser.storedAccessToken());
        browser.send("bob after the kill");
        browser.awaitMessage("bob after the kill");
        browser.awaitMessage(sent.get(sent.size() - 1));

        List<String> seen = browser.messageTexts();
        ShownMessages.assertShownOnce("web failover (+1 post from the browser)", sent, seen, "bob after the kill");
        assertTrue(cluster.node(1).isAlive() && cluster.node(2).isAlive());
        // The browser itself logs failed connections to the dead node, and `unavailable` (503)
        // answers while its entities move; the contract expects both, and the client retries.
        String deadHost = pageNode.substring("http://".length());
        assertEquals(
            List.of(),
            browser.consoleErrors().stream().filter(error -> !error.contains(deadHost) && !error.contains("status of 503")).toList(),
            "no console errors but the browser's own network logs");
      }
    }
  }

  /**
   * Alice posting over the HTTP API until each post is acknowledged: while the dead node's channels
   * move, a post may be answered `unavailable` or time out; the retry carries the same clientMsgId,
   * so it lands once. An expired access token is replaced by logging in again.
   */
  private static final class Poster {
    private final String baseUrl;
    private final String username;
    private String accessToken;

    Poster(String baseUrl, String username, String accessToken) {
      this.baseUrl = baseUrl;
      this.username = username;
      this.accessToken = accessToken;
    }

    String post(String channelId, String text) {
      String clientMsgId = UUID.randomUUID().toString();
      long deadline = System.nanoTime() + POST_DEADLINE.toNanos();
      while (true) {
        HttpResponse<String> response;
        if (accessToken == null) {
          accessToken = logIn();
        }
        try {
          response =
              accessToken == null
                  ? null
                  : ApiClient.as(baseUrl, accessToken)
                      .call("message.post", n -> n.put("channelId", channelId).put("clientMsgId", clientMsgId).put("text", text));
        } catch (IllegalStateException timedOut) {
          response = null;
        }
        if (response != null && response.statusCode() == 200) {
          return text;
        }
        if (response != null && response.statusCode() == 401) {
          accessToken = null;
        } else if (response != null && response.statusCode() != 503 && response.statusCode() != 500) {
          throw new AssertionError("message.post failed: " + response.statusCode() + " " + response.body());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("message.post not acknowledged within " + POST_DEADLINE);
        }
      }
    }

    /** Null while the account is unavailable (its entity moving off the dead node). */
    private String logIn() {
      String credentials = "{\"username\":\"" + username + "\",\"password\":\"password-" + username + "\"}";
      HttpResponse<String> login = Accounts.post(baseUrl, "/v1/auth/login", credentials);
      if (login.statusCode() == 503) {
        return null;
      }
      assertEquals(200, login.statusCode(), login.body());
      return Accounts.json(login).path("accessToken").asText();
    }
  }
}
