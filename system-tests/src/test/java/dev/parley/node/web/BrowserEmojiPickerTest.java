package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * The one emoji picker, for reactions and the message box: a few hundred emoji in categories after
 * the usual reactions, found by name or keyword or a category's jump, every one named, all of it
 * from the keyboard alone; and no serious accessibility finding in it, light or dark.
 */
class BrowserEmojiPickerTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final int MAX_TABS = 6;
  private static final int AT_LEAST_EMOJI = 300;
  private static final String FOCUSED_LABEL = "return document.activeElement.getAttribute('aria-label');";
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void aReactionFoundBySearchAndAnEmojiInTheMessageBoxFromTheKeyboardAlone() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    sharedChannelWithAPost(alice, bob, "the release is out");
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("the release is out");
      page.script("document.getElementById('composer').focus();");
      String onMessage = "return document.activeElement.classList.contains('message');";
      for (int i = 0; i < MAX_TABS && !Boolean.TRUE.equals(page.script(onMessage)); i++) {
        page.keysHolding(Keys.SHIFT, Keys.TAB);
      }
      assertEquals(true, page.script(onMessage), "Shift+Tab from the message box reaches the message");
      page.keys(Keys.TAB);
      assertEquals("Add reaction", page.script(FOCUSED_LABEL));
      page.keys(Keys.ENTER);
      assertEquals("Search emoji", page.awaitScript(FOCUSED_LABEL), "the picker opens on its search");
      assertEquals("Add reaction", page.find("#emoji-picker").getAttribute("aria-label"));
      assertTrue(page.count("#emoji-picker button.emoji") > AT_LEAST_EMOJI, "a few hundred emoji");
      assertEquals(0, page.count("#emoji-picker button.emoji:not([aria-label])"), "every emoji is named");
      assertEquals(
          List.of("👍", "❤️", "😂", "🎉", "👀", "✅"),
          page.script("return [...document.querySelectorAll('#emoji-picker [data-category=quick] button')].map((b) => b.dataset.emoji);"),
          "the usual reactions come first");

      // The grid: Down from the search, Right along a row, Down to the row below, Up back and out to the search.
      page.keys(Keys.ARROW_DOWN);
      assertEquals("thumbsup", page.script(FOCUSED_LABEL));
      page.keys(Keys.ARROW_RIGHT);
      assertEquals("heart", page.script(FOCUSED_LABEL));
      page.keys(Keys.ARROW_DOWN);
      assertEquals("smiley", page.script(FOCUSED_LABEL), "the emoji below, in the first category");
      page.keys(Keys.ARROW_UP, Keys.ARROW_UP);
      assertEquals("Search emoji", page.script(FOCUSED_LABEL), "Up from the top row goes back to the search");
      // The bar of categories: the next tab stop, Left/Right/Home/End along it, Enter jumps to a category.
      page.keys(Keys.TAB);
      assertEquals("Frequently used", page.script(FOCUSED_LABEL));
      page.keys(Keys.END);
      assertEquals("Symbols", page.script(FOCUSED_LABEL));
      page.keys(Keys.ENTER);
      assertEquals("white check mark", page.script(FOCUSED_LABEL), "the first emoji of the category");
      page.keysHolding(Keys.SHIFT, Keys.TAB);
      assertEquals("Symbols", page.script(FOCUSED_LABEL), "back to the bar, where it was left");
      page.keysHolding(Keys.SHIFT, Keys.TAB);
      assertEquals("Search emoji", page.script(FOCUSED_LABEL));

      page.keys("nothing like this");
      page.awaitText("#emoji-picker .emoji-status", "No emoji found");
      page.pressOnFocused(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "rock");
      page.awaitText("#emoji-picker .emoji-status", "3 emoji found");
      page.keys(Keys.ARROW_DOWN);
      assertEquals("rocket", page.script(FOCUSED_LABEL), "the name that begins with the search first");
      page.keys(Keys.ENTER);
      page.awaitVisible("#emoji-picker", false);
      page.awaitText("#messages .message:last-child .reaction.mine", "🚀 1");
      assertEquals(true, page.script(onMessage), "back on the message");

      page.keys(Keys.TAB, Keys.TAB);
      assertEquals("Add reaction", page.script(FOCUSED_LABEL), "past the new reaction");
      page.keys(Keys.ENTER);
      page.awaitVisible("#emoji-picker", true);
      page.keys(Keys.ESCAPE);
      page.awaitVisible("#emoji-picker", false);
      assertEquals(true, page.script(onMessage), "Escape closes it, and the focus is back on the message");

      // The message box: the search's first match with Enter, and a shortcode of the set.
      page.script("document.getElementById('composer').focus();");
      page.keys("ship it ");
      page.keysHolding(Keys.SHIFT, Keys.TAB);
      assertEquals("emoji-open", page.script("return document.activeElement.id;"));
      page.keys(Keys.ENTER);
      assertEquals("Search emoji", page.awaitScript(FOCUSED_LABEL));
      assertEquals("Insert emoji", page.find("#emoji-picker").getAttribute("aria-label"));
      page.keys("taco", Keys.ENTER);
      page.awaitVisible("#emoji-picker", false);
      assertEquals("composer", page.script("return document.activeElement.id;"));
      page.keys(" now :pizza:", Keys.ENTER);
      page.awaitMessage("ship it 🌮 now 🍕");
      page.assertNoConsoleErrors();
    }
  }

  @Test
  void theOpenPickerHasNoSeriousViolations() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    sharedChannelWithAPost(alice, bob, "audit me");
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("audit me");
      page.hoverAndClick("#messages .message:last-child", ".react-add");
      page.find("#emoji-picker");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "the emoji picker, " + scheme);
      }
      page.keys("party");
      page.awaitText("#emoji-picker .emoji-status", "5 emoji found");
      page.keys(Keys.ARROW_DOWN);
      Accessibility.assertNoSeriousViolations(page, "the emoji picker's search results, dark");
    }
  }

  private static void sharedChannelWithAPost(Accounts.User alice, Accounts.User bob, String text) {
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Emoji")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      b.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
    }
  }
}
