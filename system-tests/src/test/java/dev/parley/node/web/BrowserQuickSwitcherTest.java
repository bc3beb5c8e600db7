package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * Ctrl+K finds a channel by what its name starts with or contains, and opens it from the keyboard
 * (Enter, Up/Down) or with a click; axe finds nothing serious in the open switcher.
 */
class BrowserQuickSwitcherTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final String OPTIONS = "return [...document.querySelectorAll('#switcher-list .switcher-name')].map((e) => e.textContent);";
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void ctrlKFindsAChannelByNameAndOpensIt() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Switch")).path("workspace").path("id").asText();
      for (String name : List.of("general", "releases", "pre-release-notes", "random")) {
        a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", name));
      }
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitText("#channel-title", "#general");

      page.keysHolding(Keys.CONTROL, "k");
      page.awaitVisible("#switcher", true);
      assertEquals("switcher-input", page.script("return document.activeElement.id;"));
      assertEquals(
          Set.of("#general", "#pre-release-notes", "#random", "#releases"), Set.copyOf((List<?>) page.script(OPTIONS)), "all, before typing");
      page.keys("rel");
      assertEquals(List.of("#releases", "#pre-release-notes"), page.script(OPTIONS), "starting with it first, then containing it");
      Accessibility.assertNoSeriousViolations(page, "the quick switcher");
      page.keys(Keys.ENTER);
      page.awaitText("#channel-title", "#releases");
      page.awaitVisible("#switcher", false);

      page.keysHolding(Keys.CONTROL, "k");
      page.awaitVisible("#switcher", true);
      page.keys("rel", Keys.ARROW_DOWN, Keys.ENTER);
      page.awaitText("#channel-title", "#pre-release-notes");

      page.click("#switcher-open");
      page.keys("ran");
      page.click("#switcher-list li[data-channel-id]");
      page.awaitText("#channel-title", "#random");
      page.keysHolding(Keys.CONTROL, "k");
      page.keys("nothing-like-it");
      page.awaitVisible("#switcher-empty", true);
      page.keys(Keys.ESCAPE);
      page.awaitVisible("#switcher", false);
      assertEquals("#random", page.find("#channel-title").getText());
      page.assertNoConsoleErrors();
    }
  }
}
