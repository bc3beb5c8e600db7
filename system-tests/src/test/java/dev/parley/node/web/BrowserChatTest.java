package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/** Two users chat through the web client served by an in-process WEB.node(), in real Chromium. */
class BrowserChatTest {
  private static final int DESKTOP_WIDTH = 1280;
  private static final int PHONE_WIDTH = 360;
  private static final int HEIGHT = 800;
  @RegisterExtension static final WebNode WEB = new WebNode();

  private static String username(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void twoUsersJoinByInviteAndSeeEachOthersMessagesAsText() {
    try (Browser alice = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT);
        Browser bob = Browser.open(WEB.node().httpUrl(), PHONE_WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      alice.createWorkspace("Acme");
      alice.createChannel("general", false);
      alice.awaitText("#channel-members", "1 member");
      String code = alice.createInvite().code();

      bob.register(username("bob"), "bob-password");
      bob.joinWorkspace(code);
      bob.awaitText("#workspace-name", "Acme");
      bob.joinChannel("general");
      // The header's count follows the channel's members: Bob's join reached Alice as an event.
      bob.awaitText("#channel-members", "2 members");
      alice.awaitText("#channel-members", "2 members");

      alice.send("hello bob");
      bob.awaitMessage("hello bob");
      String markup = "<img src=x onerror=alert(1)>";
      bob.send(markup);
      alice.awaitMessage(markup);
      bob.awaitMessage(markup);
      // Shift+Enter is a new line in the same message; Enter sends.
      alice.typeInComposer("line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two", Keys.ENTER);
      bob.awaitMessage("line one\nline two");

      assertEquals(PHONE_WIDTH, bob.windowWidth());
      assertEquals(PHONE_WIDTH, bob.contentWidth(), "nothing overflows a 360 px window");
      for (Browser browser : new Browser[] {alice, bob}) {
        assertEquals(0, browser.count("#messages img"), "message text must never become markup");
        browser.assertNoConsoleErrors();
      }
    }
  }

  /**
   * An invite link opened by someone not logged in joins them once they register (the link
   * survives the log-in form), and a link with a code that does not exist says so.
   */
  @Test
  void anInviteLinkJoinsItsWorkspaceAfterRegisteringAndABadOneSaysSo() {
    String link;
    try (Browser alice = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      alice.createWorkspace("Linked");
      Browser.Invite invite = alice.createInvite();
      link = invite.link();
      assertEquals(WEB.node().httpUrl() + "/#join=" + invite.code(), link);
    }
    try (Browser carol = Browser.open(link, PHONE_WIDTH, HEIGHT)) {
      carol.awaitVisible("#login-invite", true);
      carol.register(username("carol"), "carol-password");
      carol.showSidebar();
      carol.awaitText("#workspace-name", "Linked");
      assertEquals(WEB.node().httpUrl() + "/", carol.currentUrl(), "the link is used once, then leaves the address");
      carol.assertNoConsoleErrors();
    }
    try (Browser dave = Browser.open(WEB.node().httpUrl() + "/#join=no-such-code", DESKTOP_WIDTH, HEIGHT)) {
      dave.register(username("dave"), "dave-password");
      assertFalse(dave.awaitNonEmptyText("#sidebar-error").isBlank());
      assertEquals(0, dave.workspaceNames().size(), "joined nothing");
    }
  }

  /**
   * Someone logged in who opens an invite link is asked before joining: "Not now" joins nothing,
   * "Join" joins. Someone not logged in is told on the log-in form, and may drop the link.
   */
  @Test
  void aLoggedInUserIsAskedBeforeJoiningThroughAnInviteLink() {
    String link;
    try (Browser alice = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      alice.createWorkspace("Asked");
      link = alice.createInvite().link();
    }
    try (Browser bob = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      bob.register(username("bob"), "bob-password");
      bob.awaitVisible("#workspace-menu", true);
      bob.openTab(link);
      bob.awaitVisible("#invite-prompt", true);
      assertEquals(0, bob.workspaceNames().size(), "nothing joined before the answer");
      bob.click("#invite-decline");
      bob.awaitVisible("#invite-prompt", false);
      assertEquals(WEB.node().httpUrl() + "/", bob.currentUrl(), "the link leaves the address");
      // A request after the answer: had the link been joined, that reply would have come first.
      bob.createWorkspace("Own");
      assertEquals(1, bob.workspaceNames().size(), "'Not now' joins nothing");

      bob.openTab(link);
      bob.awaitVisible("#invite-prompt", true);
      bob.click("#invite-accept");
      bob.awaitText("#workspace-name", "Asked");
      assertEquals(2, bob.workspaceNames().size());
      bob.assertNoConsoleErrors();
    }
    try (Browser carol = Browser.open(link, DESKTOP_WIDTH, HEIGHT)) {
      carol.awaitVisible("#login-invite", true);
      carol.click("#login-invite-drop");
      carol.awaitVisible("#login-invite", false);
      assertEquals(WEB.node().httpUrl() + "/", carol.currentUrl());
      carol.register(username("carol"), "carol-password");
      carol.createWorkspace("Mine");
      assertEquals(1, carol.workspaceNames().size(), "a dropped link joins nothing");
    }
  }
}
