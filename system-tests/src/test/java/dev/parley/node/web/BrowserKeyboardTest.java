package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * Someone on the keyboard alone, from the log-in page on: logs in, opens a channel with Ctrl+K,
 * posts, and reacts to the post through its toolbar, with keys only (no click anywhere); where the
 * focus is shows (an outline or a shadow) on the message box and on the toolbar's button.
 */
class BrowserKeyboardTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  /** How many Shift+Tabs from the message box may pass before the last message has the focus. */
  private static final int MAX_STEPS_BACK = 6;
  private static final String FOCUS_SHOWN =
      "const style = getComputedStyle(document.activeElement);"
          + "return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';";
  private static final String LAST_ROW_FOCUSED =
      "const rows = document.querySelectorAll('#messages .message');"
          + "return document.activeElement === rows[rows.length - 1];";
  private static final String TEXT = "typed without a mouse";
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void logInOpenAChannelPostAndReactWithKeysOnly() {
    Accounts.User kim = Accounts.newUser(WEB.node().httpUrl(), "kim");
    try (WsClient k = WsClient.authenticated(WEB.node().wsUrl(), kim.accessToken())) {
      String workspaceId = k.ok("workspace.create", n -> n.put("name", "Keys")).path("workspace").path("id").asText();
      k.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general"));
      k.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "keyboard"));
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.find("#login-form");
      page.awaitScript("return document.activeElement.id === 'login-username' || null;");
      page.keys(kim.username(), Keys.TAB, "password-" + kim.username(), Keys.ENTER);
      page.find("#channel-list li[data-name='keyboard']");

      page.keysHolding(Keys.CONTROL, "k");
      page.awaitVisible("#switcher", true);
      page.keys("keyb", Keys.ENTER);
      page.awaitText("#channel-title", "#keyboard");
      page.awaitScript("return document.activeElement.id === 'composer' || null;");
      assertEquals(true, page.script(FOCUS_SHOWN), "the message box shows it has the focus");

      page.keys(TEXT, Keys.ENTER);
      page.awaitMessage(TEXT);
      for (int step = 0; step < MAX_STEPS_BACK && !Boolean.TRUE.equals(page.script(LAST_ROW_FOCUSED)); step++) {
        page.keysHolding(Keys.SHIFT, Keys.TAB);
      }
      assertEquals(true, page.script(LAST_ROW_FOCUSED), "Shift+Tab from the message box reaches the last message");
      assertEquals(true, page.script(FOCUS_SHOWN), "the message shows it has the focus");

      page.keys(Keys.TAB);
      assertEquals("react-add", page.script("return document.activeElement.className;"), "the toolbar's first button follows");
      assertEquals(true, page.script(FOCUS_SHOWN), "the toolbar's button shows it has the focus");
      page.keys(Keys.ENTER);
      // The picker opens on its search field; Down enters its grid at the first emoji.
      page.awaitScript("return document.activeElement.closest('#emoji-picker') ? true : null;");
      page.keys(Keys.ARROW_DOWN);
      String emoji = (String) page.script("return document.activeElement.dataset.emoji;");
      page.keys(Keys.ENTER);
      page.awaitTextContaining("#messages .message:last-child .reaction.mine", emoji + " 1");
      page.awaitVisible("#emoji-picker", false);
      page.assertNoConsoleErrors();
    }
  }
}
