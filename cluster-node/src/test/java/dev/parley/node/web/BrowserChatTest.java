package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.TestNode;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two users chat through the web client served by an in-process node, in real Chromium. */
class BrowserChatTest {
  private static final int DESKTOP_WIDTH = 1280;
  private static final int PHONE_WIDTH = 360;
  private static final int HEIGHT = 800;
  private static TestNode node;

  @BeforeAll
  static void start() {
    Browser.assertInstalled();
    node = TestNode.startH2(TestNode.UNLIMITED);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static String username(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void twoUsersJoinByInviteAndSeeEachOthersMessagesAsText() {
    try (Browser alice = Browser.open(node.httpUrl(), DESKTOP_WIDTH, HEIGHT);
        Browser bob = Browser.open(node.httpUrl(), PHONE_WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      alice.type("#workspace-name", "Acme");
      alice.click("#workspace-create");
      alice.awaitText("#workspace-select option:checked", "Acme");
      alice.type("#channel-name", "general");
      alice.click("#channel-create");
      alice.awaitText("#channel-title", "#general");
      alice.click("#invite-create");
      String code = alice.awaitNonEmptyText("#invite-code");

      bob.register(username("bob"), "bob-password");
      bob.showSidebar();
      bob.type("#join-code", code);
      bob.click("#join-submit");
      bob.awaitText("#workspace-select option:checked", "Acme");
      bob.click("#browse");
      bob.click("#browse-list li[data-name='general'] .join-channel");
      bob.awaitText("#channel-title", "#general");

      alice.send("hello bob");
      bob.awaitMessage("hello bob");
      String markup = "<img src=x onerror=alert(1)>";
      bob.send(markup);
      alice.awaitMessage(markup);
      bob.awaitMessage(markup);
      alice.send("line one");
      bob.awaitMessage("line one");

      assertEquals(PHONE_WIDTH, bob.windowWidth());
      assertEquals(PHONE_WIDTH, bob.contentWidth(), "nothing overflows a 360 px window");
      for (Browser browser : new Browser[] {alice, bob}) {
        assertEquals(0, browser.count("#messages img"), "message text must never become markup");
        browser.assertNoConsoleErrors();
      }
    }
  }
}
