package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * The sidebar's dialogs and a message's "More" menu, in real Chromium: a workspace and channels
 * made through the dialogs, a second user who joins through the invite dialog's link and browses,
 * filters and joins the public channels, and a message edited and deleted from its menu with the
 * keyboard alone. A dialog closes on Escape and gives the focus back to the button that opened it;
 * axe finds no serious or critical violation in any dialog or in the open menu.
 */
class BrowserDialogsTest {
  private static final int DESKTOP_WIDTH = 1280;
  private static final int PHONE_WIDTH = 390;
  private static final int HEIGHT = 844;
  private static final int MAX_TABS = 6;
  private static final String FOCUSED_ID = "return document.activeElement.id;";
  private static final String FOCUSED_LABEL = "return document.activeElement.getAttribute('aria-label') ?? document.activeElement.textContent;";
  private static final String ON_MESSAGE = "return document.activeElement.classList.contains('message');";
  private static final String FOCUSED_TEXT = "return document.activeElement.closest('.message')?.querySelector('.message-text').textContent ?? null;";
  private static final String MENU_ITEMS = "return [...document.querySelectorAll('#popup-menu [role=menuitem]')].map((item) => item.textContent);";
  /** Where the dialogs and the menu are pictured, beside BrowserThemeTest's screenshots. */
  private static final Path SCREENSHOTS = BrowserThemeTest.SCREENSHOTS;
  @RegisterExtension static final WebNode WEB = new WebNode();

  private static String username(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void workspacesAndChannelsAreMadeBrowsedAndJoinedThroughDialogs() throws IOException {
    String url = WEB.node().httpUrl();
    try (Browser alice = Browser.open(url, DESKTOP_WIDTH, HEIGHT);
        Browser bob = Browser.open(url, PHONE_WIDTH, HEIGHT)) {
      alice.register(username("alice"), "alice-password");
      assertEquals(0, alice.count("#sidebar form"), "the sidebar holds no always-open forms");

      alice.chooseFromWorkspaceMenu("new-workspace");
      alice.awaitVisible("#dialog", true);
      assertEquals("dialog-input", alice.script(FOCUSED_ID), "the name field takes the focus");
      Accessibility.assertNoSeriousViolations(alice, "the create workspace dialog");
      alice.keys(Keys.ESCAPE);
      alice.awaitVisible("#dialog", false);
      assertEquals("workspace-menu", alice.script(FOCUSED_ID), "Escape gives the focus back to the menu's button");
      assertEquals(0, alice.workspaceNames().size(), "Escape creates nothing");
      alice.chooseFromWorkspaceMenu("new-workspace");
      alice.keys("Dialogs", Keys.ENTER);
      alice.awaitVisible("#dialog", false);
      alice.awaitText("#workspace-name", "Dialogs");

      alice.click("#channel-new");
      alice.awaitVisible("#dialog", true);
      assertEquals("channel-name", alice.script(FOCUSED_ID));
      for (String scheme : List.of("light", "dark")) {
        alice.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(alice, "the create channel dialog, " + scheme);
        alice.screenshot(SCREENSHOTS.resolve("dialog-create-channel-" + scheme + ".png"));
      }
      alice.colorScheme("light");
      alice.keys("general");
      alice.type("#channel-topic-input", "Everything and anything");
      alice.click("#dialog-confirm");
      alice.awaitVisible("#dialog", false);
      alice.awaitText("#channel-title", "#general");
      alice.awaitText("#channel-topic", "Everything and anything");
      alice.awaitScript("return document.activeElement.id === 'composer' || null;");
      alice.createChannel("random", false);
      alice.createChannel("ops", true);

      alice.chooseFromWorkspaceMenu("invite-people");
      String code = alice.awaitNonEmptyText("#invite-code");
      String link = alice.value("#invite-link");
      assertEquals(url + "/#join=" + code, link);
      Accessibility.assertNoSeriousViolations(alice, "the invite dialog");
      alice.screenshot(SCREENSHOTS.resolve("dialog-invite-desktop-light.png"));
      alice.click("#invite-copy");
      alice.awaitNonEmptyText("#invite-dialog-status");
      alice.keys(Keys.ESCAPE);
      alice.awaitVisible("#dialog", false);
      assertEquals("workspace-menu", alice.script(FOCUSED_ID));

      bob.register(username("bob"), "bob-password");
      bob.showSidebar();
      bob.chooseFromWorkspaceMenu("join-workspace");
      bob.awaitVisible("#dialog", true);
      Accessibility.assertNoSeriousViolations(bob, "the join workspace dialog, phone");
      bob.keys(link, Keys.ENTER);
      bob.awaitVisible("#dialog", false);
      bob.awaitText("#workspace-name", "Dialogs");
      bob.showSidebar();
      assertFalse(bob.menuItems("#workspace-menu").contains("invite-people"), "a member does not invite");

      bob.showSidebar();
      bob.click("#browse");
      bob.awaitCount("#browse-list li", 2);
      assertEquals(
          List.of("general", "random"),
          bob.script("return [...document.querySelectorAll('#browse-list li')].map((li) => li.dataset.name);"),
          "the public channels, not the private one");
      assertEquals("browse-filter", bob.script(FOCUSED_ID));
      Accessibility.assertNoSeriousViolations(bob, "the browse channels dialog, phone");
      bob.screenshot(SCREENSHOTS.resolve("dialog-browse-phone-light.png"));
      bob.keys("ran");
      bob.awaitCount("#browse-list li", 1);
      bob.find("#browse-list li[data-name='random']");
      bob.keys(Keys.TAB, Keys.ENTER);
      bob.awaitVisible("#dialog", false);
      bob.awaitText("#channel-title", "#random");
      bob.awaitScript("return document.activeElement.id === 'composer' || null;");
      alice.click("#channel-list li[data-name='random']");
      alice.send("welcome, bob");
      bob.awaitMessage("welcome, bob");
      assertEquals(PHONE_WIDTH, bob.contentWidth(), "nothing overflows the phone's window");
      alice.assertNoConsoleErrors();
      bob.assertNoConsoleErrors();
    }
  }

  @Test
  void theMessageMenuEditsAndDeletesFromTheKeyboardAlone() throws IOException {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Menus")).path("workspace").path("id").asText();
      String invite = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", invite));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      b.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", "bob's note"));
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("bob's note");
      page.find("#composer").sendKeys("first draft", Keys.ENTER);
      page.awaitMessage("first draft");

      for (int i = 0; i < MAX_TABS && !Boolean.TRUE.equals(page.script(ON_MESSAGE)); i++) {
        page.keysHolding(Keys.SHIFT, Keys.TAB);
      }
      assertEquals("first draft", page.script(FOCUSED_TEXT), "Shift+Tab from the message box reaches the last message");
      page.keys(Keys.TAB, Keys.TAB, Keys.TAB);
      assertEquals("More actions", page.script(FOCUSED_LABEL), "the toolbar: react, reply, more");
      page.keys(Keys.ENTER);
      page.find("#popup-menu");
      assertEquals(List.of("Reply in thread", "Edit message", "Copy text", "Delete message"), page.script(MENU_ITEMS));
      assertEquals("Reply in thread", page.script(FOCUSED_LABEL), "the first item takes the focus");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "a message's open menu, " + scheme);
        page.screenshot(SCREENSHOTS.resolve("message-menu-desktop-" + scheme + ".png"));
      }
      page.colorScheme("light");
      page.keys(Keys.ARROW_UP);
      assertEquals("Delete message", page.script(FOCUSED_LABEL), "Up from the first item wraps to the last");
      page.keys(Keys.ARROW_DOWN);
      assertEquals("Reply in thread", page.script(FOCUSED_LABEL));
      page.keys(Keys.ESCAPE);
      page.awaitCount("#popup-menu", 0);
      assertEquals("More actions", page.script(FOCUSED_LABEL), "Escape gives the focus back to the button");

      page.keys(Keys.ENTER);
      page.find("#popup-menu");
      page.keys(Keys.ARROW_DOWN, Keys.ENTER);
      page.awaitScript("return document.activeElement.classList.contains('edit-box') || null;");
      page.keysHolding(Keys.CONTROL, "a");
      page.keys("second draft", Keys.ENTER);
      page.awaitMessage("second draft");
      String last = "#messages .message:last-child";
      page.awaitText(last + " .message-marker", "(edited)");
      assertEquals(true, page.script(ON_MESSAGE), "the keyboard is back on the message after the edit");

      page.keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER);
      page.find("#popup-menu");
      page.keys(Keys.END);
      assertEquals("Delete message", page.script(FOCUSED_LABEL));
      page.keys(Keys.ENTER);
      page.awaitText("#dialog-title", "Delete this message?");
      assertEquals("dialog-cancel", page.script(FOCUSED_ID), "deleting starts on Cancel");
      Accessibility.assertNoSeriousViolations(page, "the delete message dialog");
      page.keysHolding(Keys.SHIFT, Keys.TAB);
      assertEquals("dialog-confirm", page.script(FOCUSED_ID));
      page.keys(Keys.ENTER);
      page.awaitVisible("#dialog", false);
      page.awaitText(last + " .message-marker", "(deleted)");
      page.awaitScript("return document.activeElement.classList.contains('message') || null;");

      // The workspace's owner deletes others' messages but does not edit them.
      page.keys(Keys.ARROW_UP);
      assertEquals("bob's note", page.script(FOCUSED_TEXT));
      page.keys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER);
      page.find("#popup-menu");
      assertEquals(List.of("Reply in thread", "Copy text", "Delete message"), page.script(MENU_ITEMS));
      page.keys(Keys.TAB);
      page.awaitCount("#popup-menu", 0);
      assertEquals(
          true,
          page.script("return document.activeElement.matches('.message') && !!document.activeElement.querySelector('.message-marker.deleted');"),
          "Tab closes the menu and moves on from its button, to the next message");
      page.assertNoConsoleErrors();
    }
  }
}
