package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * axe-core finds no serious or critical accessibility violation on the log-in page, on the
 * registration form (with the errors it shows too), in a channel with formatted messages (light
 * and dark, desktop and phone), with a thread open, in the message toolbar and reaction picker, and
 * with the workspace's, the user's and the channel's menus open (light and dark).
 */
class BrowserAccessibilityTest {
  private static final int DESKTOP_WIDTH = 1280;
  private static final int PHONE_WIDTH = 390;
  private static final int HEIGHT = 844;
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void theLogInPageHasNoSeriousViolations() {
    try (Browser page = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      page.find("#login");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "log-in page, " + scheme);
      }
    }
  }

  @Test
  void theRegistrationFormHasNoSeriousViolationsWithOrWithoutErrors() {
    try (Browser page = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      page.find("#login");
      page.click("#show-register");
      page.find("#register-form");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "registration form, " + scheme);
      }
      page.fillRegistration("x", "short", "other");
      page.click("#register-submit");
      page.find("#register-confirm-error");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "registration form with its errors, " + scheme);
      }
    }
  }

  @Test
  void aChannelAndAThreadHaveNoSeriousViolations() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    seed(alice, bob);
    try (Browser desktop = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT);
        Browser phone = Browser.open(WEB.node().httpUrl(), PHONE_WIDTH, HEIGHT)) {
      for (Browser page : List.of(desktop, phone)) {
        page.logIn(alice.username(), "password-" + alice.username());
        page.showSidebar();
        page.click("#channel-list li[data-name='general']");
        page.awaitMessage("the last one");
      }
      for (String scheme : List.of("light", "dark")) {
        desktop.colorScheme(scheme);
        phone.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(desktop, "channel, desktop, " + scheme);
        Accessibility.assertNoSeriousViolations(phone, "channel, phone, " + scheme);
      }
      String last = "#messages .message:last-child";
      desktop.hoverAndClick(last, ".react-add");
      desktop.find("#emoji-picker");
      Accessibility.assertNoSeriousViolations(desktop, "a message's toolbar and reaction picker");
      desktop.keys(Keys.ESCAPE);
      desktop.awaitVisible("#emoji-picker", false);
      desktop.click(last + " .reply");
      desktop.awaitVisible("#panel", true);
      desktop.find("#thread-composer");
      Accessibility.assertNoSeriousViolations(desktop, "a thread");
    }
  }

  @Test
  void theSidebarAndChannelMenusHaveNoSeriousViolationsAndWorkFromTheKeyboard() throws IOException {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    seed(alice, bob);
    try (Browser page = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("the last one");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        for (String menu : List.of("#workspace-menu", "#user-menu", "#channel-menu")) {
          page.click(menu);
          page.find("#popup-menu");
          Accessibility.assertNoSeriousViolations(page, "the menu of " + menu + ", " + scheme);
          page.screenshot(BrowserThemeTest.SCREENSHOTS.resolve(menu.substring(1) + "-" + scheme + ".png"));
          page.pressOnFocused(Keys.ESCAPE);
          page.awaitCount("#popup-menu", 0);
        }
      }
      // Enter opens a menu on its first item, the arrows move, Escape gives the focus back to the button.
      page.script("document.getElementById('user-menu').focus();");
      page.pressOnFocused(Keys.ENTER);
      page.find("#popup-menu");
      assertEquals("status-online", page.script("return document.activeElement.classList[1];"));
      assertEquals("true", page.script("return document.activeElement.getAttribute('aria-checked');"), "the current status is the chosen one");
      page.pressOnFocused(Keys.ARROW_DOWN);
      page.pressOnFocused(Keys.ENTER);
      page.awaitCount("#popup-menu", 0);
      assertEquals("user-menu", page.script("return document.activeElement.id;"));
      page.awaitText("#user-status", "Away");
      page.assertNoConsoleErrors();
    }
  }

  private static void seed(Accounts.User alice, Accounts.User bob) {
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Audited")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general").put("topic", "Everything")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      List<String> texts =
          List.of(
              "**bold**, _italic_, ~~struck~~, `code` and https://example.com/page :tada:",
              "> a quote\n\n- a list\n- of two\n\n```\ncode block\n```",
              "@" + alice.username() + " look at #general",
              "the last one");
      for (String text : texts) {
        b.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
      }
      a.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", "my reply"));
    }
  }
}
