package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TcpProxy;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that stops answering (frozen, or its path gone) while the user posts: the client gives
 * up on the socket once the post has gone unanswered for the heartbeat timeout, without waiting
 * for its next ping, and sends the post again, once, when it reconnects.
 */
class BrowserUnansweredRequestTest {
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);
  /** Far beyond the test: only the unanswered post can make the client give up in time. */
  private static final Duration HEARTBEAT_INTERVAL = Duration.ofMinutes(10);
  /** The heartbeat timeout, plus the page's own time to show its banner on a busy machine. */
  private static final Duration GIVE_UP_BOUND = HEARTBEAT_TIMEOUT.plusSeconds(5);

  @RegisterExtension
  static final WebNode WEB =
      new WebNode(
          Map.of(
              "parley.web.heartbeat-interval", HEARTBEAT_INTERVAL.toSeconds() + "s",
              "parley.web.heartbeat-timeout", HEARTBEAT_TIMEOUT.toSeconds() + "s"));

  @Test
  void aPostLeftUnansweredGivesUpTheSocketAndIsSentOnceAfterReconnecting() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    String channelId;
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      channelId = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
    }
    String text = "sent into silence";
    try (TcpProxy proxy = new TcpProxy(URI.create(WEB.node().httpUrl()).getPort());
        Browser browser = Browser.open("http://127.0.0.1:" + proxy.port() + "/", 1280, 800)) {
      browser.logIn(alice.username(), "password-" + alice.username());
      browser.click("#channel-list li[data-name='general']");
      browser.awaitText("#channel-title", "#general");

      proxy.blackHole();
      long sent = System.nanoTime();
      browser.send(text);
      browser.awaitVisible("#banner", true);
      Duration gaveUp = Duration.ofNanos(System.nanoTime() - sent);
      assertTrue(gaveUp.compareTo(GIVE_UP_BOUND) <= 0, "the client gave up on the silent socket after " + gaveUp.toMillis() + " ms");
      browser.awaitCount("#messages .message.pending", 1);

      proxy.restore();
      browser.awaitVisible("#banner", false);
      browser.awaitCount("#messages .message.pending", 0);
      assertEquals(1, browser.messageTexts().stream().filter(text::equals).count());
    }
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken())) {
      long stored =
          StreamSupport.stream(a.ok("history", n -> n.put("channelId", channelId)).path("events").spliterator(), false)
              .filter(event -> text.equals(event.path("data").path("text").asText()))
              .count();
      assertEquals(1, stored, "posted once");
    }
  }
}
