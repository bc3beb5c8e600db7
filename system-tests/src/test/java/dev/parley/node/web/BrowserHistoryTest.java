package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A channel with more history than one page: the client pages back as the reader scrolls up. */
class BrowserHistoryTest {
  private static final int POSTS = 120;
  private static final int PAGE = 50;
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void scrollingUpLoadsOlderPagesUntilTheFirstMessageInOrder() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String channelId =
          a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      for (int i = 1; i <= POSTS; i++) {
        String text = "message " + i;
        a.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
      }
    }
    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      browser.logIn(alice.username(), "password-" + alice.username());
      browser.click("#channel-list li[data-name='general']");
      browser.awaitMessage("message " + POSTS);
      assertEquals(PAGE, browser.count("#messages .message"), "the first page is the latest events only");
      while (browser.count("#messages .message") < POSTS) {
        int before = browser.count("#messages .message");
        browser.scrollMessagesToTop();
        browser.awaitMoreThan("#messages .message", before);
      }
      List<String> expected = IntStream.rangeClosed(1, POSTS).mapToObj(i -> "message " + i).toList();
      assertEquals(expected, browser.messageTexts());
      assertEquals(1, browser.count("#messages .day"), "one day separator: every post is from today");
      browser.assertNoConsoleErrors();
    }
  }
}
