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
  // The list's first row in the page: the earliest loaded message once the list is scrolled to its top.
  private static final String FIRST_IN_LIST = "const first = document.querySelector('#messages .message');";
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
      assertEquals(texts(POSTS - PAGE + 1, POSTS), browser.messageTexts(), "the first page is the latest events only");
      while (!"message 1".equals(browser.script(FIRST_IN_LIST + "return first?.querySelector('.message-text').textContent;"))) {
        Object before = browser.script(FIRST_IN_LIST + "return first?.dataset.seq;");
        browser.scrollMessagesToTop();
        browser.awaitScript(FIRST_IN_LIST + "return first?.dataset.seq !== '" + before + "' || null;");
      }
      assertEquals(texts(1, POSTS), browser.messageTexts());
      assertEquals(1, browser.count("#messages .day"), "one day separator: every post is from today");
      browser.assertNoConsoleErrors();
    }
  }

  private static List<String> texts(int first, int last) {
    return IntStream.rangeClosed(first, last).mapToObj(i -> "message " + i).toList();
  }
}
