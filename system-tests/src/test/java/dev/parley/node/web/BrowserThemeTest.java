package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web client follows the system's light or dark setting (prefers-color-scheme, emulated
 * through Chromium's DevTools protocol), on the log-in page, the registration form and in a
 * channel, on a desktop and a phone; the screenshots it saves are the README's
 * (scripts/screenshots.sh copies them to docs/web-*.png).
 */
class BrowserThemeTest {
  private static final int DESKTOP_WIDTH = 1280;
  private static final int DESKTOP_HEIGHT = 800;
  private static final int PHONE_WIDTH = 390;
  private static final int PHONE_HEIGHT = 844;
  private static final String LIGHT_BACKGROUND = "rgb(255, 255, 255)";
  private static final String DARK_BACKGROUND = "rgb(26, 29, 33)";
  private static final String BODY_BACKGROUND = "return getComputedStyle(document.body).backgroundColor;";
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void theLogInPageAndAChannelFollowTheSystemsColourScheme() throws Exception {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    seed(alice, bob);
    try (Browser desktop = Browser.open(WEB.node().httpUrl(), DESKTOP_WIDTH, DESKTOP_HEIGHT);
        Browser phone = Browser.open(WEB.node().httpUrl(), PHONE_WIDTH, PHONE_HEIGHT)) {
      desktop.find("#login");
      for (String scheme : List.of("dark", "light")) {
        desktop.colorScheme(scheme);
        assertEquals(background(scheme), desktop.script(BODY_BACKGROUND), "log-in page, " + scheme);
        desktop.screenshot(SCREENSHOTS.resolve("login-desktop-" + scheme + ".png"));
      }
      desktop.click("#show-register");
      phone.find("#login");
      phone.click("#show-register");
      for (String scheme : List.of("dark", "light")) {
        desktop.colorScheme(scheme);
        phone.colorScheme(scheme);
        assertEquals(background(scheme), desktop.script(BODY_BACKGROUND), "registration, " + scheme);
        desktop.screenshot(SCREENSHOTS.resolve("register-desktop-" + scheme + ".png"));
        phone.screenshot(SCREENSHOTS.resolve("register-phone-" + scheme + ".png"));
      }
      desktop.click("#show-login");
      phone.click("#show-login");
      for (Browser page : List.of(desktop, phone)) {
        page.logIn(alice.username(), "password-" + alice.username());
        page.showSidebar();
        page.click("#channel-list li[data-name='general']");
        page.awaitMessage("see you at the demo 👋");
        // Off the message the channel's row was over: the pictures show no hovered toolbar.
        page.pointAt("#channel-title");
      }
      for (String scheme : List.of("dark", "light")) {
        for (Browser page : List.of(desktop, phone)) {
          page.colorScheme(scheme);
          assertEquals(background(scheme), page.script(BODY_BACKGROUND), "channel, " + scheme);
          assertEquals(
              background(scheme),
              page.script("return getComputedStyle(document.getElementById('messages')).backgroundColor === 'rgba(0, 0, 0, 0)'"
                  + " ? getComputedStyle(document.body).backgroundColor : 'the list has a background of its own';"));
        }
        desktop.screenshot(SCREENSHOTS.resolve("chat-desktop-" + scheme + ".png"));
        phone.screenshot(SCREENSHOTS.resolve("chat-phone-" + scheme + ".png"));
      }
      desktop.assertNoConsoleErrors();
      phone.assertNoConsoleErrors();
    }
  }

  private static String background(String scheme) {
    return scheme.equals("dark") ? DARK_BACKGROUND : LIGHT_BACKGROUND;
  }

  /** A channel with a conversation that shows what messages can hold. */
  private static void seed(Accounts.User alice, Accounts.User bob) {
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String general =
          a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general").put("topic", "Launch planning"))
              .path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "releases"));
      long seq = post(b, general, "morning! the **beta** ships today :rocket:");
      post(b, general, "checklist for #releases:\n- tag `v0.9`\n- ~~freeze~~ done\n- notes at https://example.com/notes");
      post(a, general, "@" + bob.username() + " great, the build is green");
      post(a, general, "> the beta ships today\n\nI'll announce it");
      a.ok("reaction.add", n -> n.put("channelId", general).put("seq", seq).put("emoji", "🎉"));
      post(b, general, "```\n./parley serve --port 8080\n```");
      post(b, general, "see you at the demo :wave:");
    }
  }

  /** Posts and returns the message's seq. */
  private static long post(WsClient client, String channelId, String text) {
    return client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text))
        .path("seq").asLong();
  }
}
