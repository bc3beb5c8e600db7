package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The everyday features of the web client with two users in two browsers: typing indicators,
 * reactions, threads, edit and delete, DMs and group DMs, private channels, topics, leaving,
 * search, `@` completion, presence, desktop notifications, keyboard moves; markup in names,
 * topics and messages stays text.
 */
class BrowserFeaturesTest {
  private static final int WIDTH = 1280;
  private static final int PHONE_WIDTH = 360;
  private static final int HEIGHT = 800;
  @RegisterExtension static final WebNode WEB = new WebNode();
  /** Saved for the README (scripts/screenshots.sh copies it to docs/screenshot.png). */
  static final Path SCREENSHOT = Path.of("target", "web-client.png");

  /** Alice owns a workspace with channel general; Bob is in both. */
  private record Room(Accounts.User alice, Accounts.User bob, String workspaceId, String general) {}

  private static Room room(String workspaceName) {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", workspaceName)).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general").put("topic", "Launch planning")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      return new Room(alice, bob, workspaceId, general);
    }
  }

  private static Browser loggedIn(Accounts.User user, int width) {
    Browser browser = Browser.open(WEB.node().httpUrl(), width, HEIGHT);
    browser.logIn(user.username(), "password-" + user.username());
    return browser;
  }

  @Test
  void twoUsersSeeTypingReactThreadEditAndDelete() throws Exception {
    Room room = room("Acme");
    try (Browser alice = loggedIn(room.alice(), WIDTH);
        Browser bob = loggedIn(room.bob(), WIDTH)) {
      for (Browser browser : List.of(alice, bob)) {
        browser.click("#channel-list li[data-name='general']");
        browser.awaitText("#channel-title", "#general");
      }

      bob.send("morning! the beta ships today");
      alice.awaitMessage("morning! the beta ships today");
      alice.press("#composer", "hel");
      bob.awaitText("#typing", room.alice().username() + " is typing…");
      alice.press("#composer", "lo bob", Keys.ENTER);
      bob.awaitMessage("hello bob");
      bob.awaitText("#typing", "");
      String last = "#messages .message:last-child";

      bob.hoverAndClick(last, ".react-add");
      bob.click("#emoji-picker [data-emoji='❤️']");
      alice.awaitText(last + " .reaction[data-emoji='❤️']", "❤️ 1");
      alice.click(last + " .reaction[data-emoji='❤️']");
      bob.awaitText(last + " .reaction[data-emoji='❤️']", "❤️ 2");
      alice.awaitCount(last + " .reaction.mine[data-emoji='❤️']", 1);
      alice.click(last + " .reaction[data-emoji='❤️']");
      bob.awaitText(last + " .reaction[data-emoji='❤️']", "❤️ 1");

      bob.hoverAndClick(last, ".reply");
      bob.awaitVisible("#panel", true);
      bob.press("#thread-composer", "in the thread", Keys.ENTER);
      bob.awaitText("#panel-list .message:last-child .message-text", "in the thread");
      String reply = "#panel-list .message:last-child";
      bob.openMessageMenu(reply);
      assertEquals(0, bob.count("#popup-menu .reply"), "a reply has no thread of its own");
      bob.click("#popup-menu .edit");
      bob.press(reply + " .edit-box", Keys.chord(Keys.CONTROL, "a"), "in the thread, edited", Keys.ENTER);
      bob.awaitText(reply + " .message-marker", "(edited)");
      bob.hoverAndClick(reply, ".react-add");
      bob.click("#emoji-picker [data-emoji='😂']");
      alice.awaitText(last + " .replies", "1 reply");
      alice.click(last + " .replies");
      // The thread op gives the reply as posted; the edit and the reaction came as channel events.
      alice.awaitText(reply + " .message-text", "in the thread, edited");
      alice.awaitText(reply + " .reaction[data-emoji='😂']", "😂 1");
      assertEquals(List.of("morning! the beta ships today", "hello bob"), alice.messageTexts(), "a reply stays out of the channel's list");
      alice.screenshot(SCREENSHOT);
      alice.pressOnFocused(Keys.ESCAPE);
      alice.awaitVisible("#panel", false);

      alice.openMessageMenu(last);
      alice.click("#popup-menu .edit");
      alice.press(last + " .edit-box", Keys.chord(Keys.CONTROL, "a"), "hello bob, edited", Keys.ENTER);
      bob.awaitMessage("hello bob, edited");
      bob.awaitText(last + " .message-marker", "(edited)");

      alice.send("to be deleted");
      bob.awaitMessage("to be deleted");
      bob.openMessageMenu(last);
      assertEquals(0, bob.count("#popup-menu .edit"), "bob cannot edit alice's messages");
      assertEquals(0, bob.count("#popup-menu .delete"), "nor delete them");
      bob.pressOnFocused(Keys.ESCAPE);
      bob.awaitCount("#popup-menu", 0);
      alice.openMessageMenu(last);
      alice.click("#popup-menu .delete");
      alice.awaitText("#dialog-title", "Delete this message?");
      alice.click("#dialog-confirm");
      bob.awaitText(last + " .message-marker", "(deleted)");
      assertEquals(1, bob.count(last + " .message-text:empty"), "a deleted message loses its text");

      alice.assertNoConsoleErrors();
      bob.assertNoConsoleErrors();
    }
  }

  @Test
  void markupInWorkspaceNamesTopicsAndMessagesShowsAsText() {
    String markup = "<img src=x onerror=alert(1)><b>bold</b>";
    Room room = room(markup);
    try (Browser alice = loggedIn(room.alice(), WIDTH);
        Browser bob = loggedIn(room.bob(), PHONE_WIDTH)) {
      alice.click("#channel-list li[data-name='general']");
      alice.chooseFromMenu("#channel-menu", "edit-topic");
      alice.type("#topic-input", markup);
      alice.press("#topic-input", Keys.ENTER);
      alice.awaitText("#channel-topic", markup);
      alice.send(markup);
      alice.awaitMessage(markup);

      bob.showSidebar();
      bob.click("#channel-list li[data-name='general']");
      bob.awaitText("#channel-topic", markup);
      bob.awaitMessage(markup);
      for (Browser browser : List.of(alice, bob)) {
        // On the phone the workspace switcher is behind the menu, as the user would find it.
        browser.showSidebar();
        assertEquals(markup, browser.find("#workspace-name").getAttribute("textContent"));
        assertEquals(0, browser.count("#app img, #app b"), "names, topics and messages must never become markup");
        browser.assertNoConsoleErrors();
      }
      assertEquals(PHONE_WIDTH, bob.contentWidth(), "nothing overflows a 360 px window");
    }
  }

  @Test
  void directMessagesPrivateChannelsSearchCompletionKeysAndLeaving() {
    Room room = room("Acme");
    String bobName = room.bob().username();
    try (Browser alice = loggedIn(room.alice(), WIDTH);
        Browser bob = loggedIn(room.bob(), WIDTH)) {
      // Bob's tab is in the background, and he allowed notifications: record what would show.
      bob.script(
          """
          window.shown = [];
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
          window.Notification = class {
            static permission = 'granted';
            constructor(title, options) { window.shown.push(title + ': ' + options.body); }
          };
          """);
      alice.click("#people-list li[data-name='" + bobName + "'] .person-name");
      alice.awaitText("#channel-title", bobName);
      alice.awaitCount("#people-list li[data-name='" + bobName + "'] .presence.online", 1);
      alice.press("#composer", "@" + bobName.substring(0, 4));
      alice.awaitTextContaining("#mention-list", "@" + bobName);
      alice.press("#composer", Keys.TAB);
      assertEquals("@" + bobName + " ", alice.value("#composer"));
      alice.press("#composer", "psst", Keys.ENTER);
      alice.awaitMessage("@" + bobName + " psst");

      String dm = "#dm-list li[data-name]";
      bob.awaitText(dm + " .channel-name", room.alice().username());
      assertEquals(
          room.alice().username() + " (direct message): @" + bobName + " psst",
          bob.awaitScript("return window.shown.length ? window.shown.join('|') : null;"));
      assertTrue(
          bob.awaitScript("return /^\\([1-9][0-9]*\\) Parley$/.test(document.title) ? document.title : null;") != null,
          "the hidden tab's title counts the unread posts");
      bob.click(dm);
      bob.awaitMessage("@" + bobName + " psst");
      assertFalse(bob.menuItems("#channel-menu").contains("leave"), "a DM cannot be left");

      alice.createChannel("secret", true);
      alice.send("private words");
      alice.awaitMessage("private words");

      alice.type("#search-input", "psst");
      alice.repeatUntilTextContaining(
          () -> alice.press("#search-input", Keys.ENTER), "#panel-list .search-hit .message-text", "psst");
      alice.pressOnFocused(Keys.ESCAPE);
      alice.awaitVisible("#panel", false);

      alice.click("#channel-list li[data-name='general']");
      alice.awaitText("#channel-title", "#general");
      alice.pressOnFocused(Keys.chord(Keys.ALT, Keys.ARROW_DOWN));
      alice.awaitText("#channel-title", "🔒secret");
      alice.pressOnFocused(Keys.chord(Keys.ALT, Keys.ARROW_UP));
      alice.awaitText("#channel-title", "#general");
      alice.chooseFromMenu("#channel-menu", "leave");
      alice.awaitCount("#channel-list li[data-name='general']", 0);
      assertEquals(1, alice.count("#channel-list li[data-name='secret']"));
      alice.assertNoConsoleErrors();
      bob.assertNoConsoleErrors();
    }
  }

  @Test
  void groupDmFromTheNewMessageDialogAndPresenceBothWays() throws IOException {
    Room room = room("Acme");
    Accounts.User carol = Accounts.newUser(WEB.node().httpUrl(), "carol");
    try (WsClient owner = WsClient.authenticated(WEB.node().wsUrl(), room.alice().accessToken());
        WsClient bob = WsClient.authenticated(WEB.node().wsUrl(), room.bob().accessToken());
        WsClient carolClient = WsClient.authenticated(WEB.node().wsUrl(), carol.accessToken())) {
      String code = owner.ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
      carolClient.ok("workspace.join", n -> n.put("code", code));
      try (Browser alice = loggedIn(room.alice(), WIDTH)) {
        String bobRow = "#people-list li[data-name='" + room.bob().username() + "']";
        String carolRow = "#people-list li[data-name='" + carol.username() + "']";
        // The New message dialog: two people picked open their group DM.
        alice.click("#dm-new");
        alice.awaitVisible("#dialog", true);
        alice.click("#dm-people li[data-name='" + room.bob().username() + "'] input");
        alice.click("#dm-people li[data-name='" + carol.username() + "'] input");
        alice.click("#dialog-confirm");
        alice.awaitVisible("#dialog", false);
        alice.awaitText("#channel-title", String.join(", ", Stream.of(room.bob().username(), carol.username()).sorted().toList()));
        alice.send("all three of us");
        carolClient.awaitEvent("message.posted", d -> d.path("text").asText().equals("all three of us"));

        bob.ok("presence.set", n -> n.put("status", "away"));
        alice.awaitCount(bobRow + " .presence.away", 1);
        alice.chooseFromUserMenu("status-dnd");
        bob.awaitEvent("presence", d -> d.path("userId").asText().equals(room.alice().userId()) && d.path("status").asText().equals("dnd"));

        // Its filter finds carol, and picking her alone opens her DM.
        alice.click("#dm-new");
        alice.awaitVisible("#dialog", true);
        Accessibility.assertNoSeriousViolations(alice, "the new message dialog");
        alice.type("#dm-filter", "carol");
        alice.awaitVisible("#dm-people li[data-name='" + room.bob().username() + "']", false);
        alice.click("#dm-people li[data-name='" + carol.username() + "'] input");
        alice.screenshot(BrowserThemeTest.SCREENSHOTS.resolve("dialog-new-message-light.png"));
        alice.click("#dialog-confirm");
        alice.awaitVisible("#dialog", false);
        alice.awaitText("#channel-title", carol.username());
        alice.assertNoConsoleErrors();
      }
    }
  }

  /**
   * A reply refused for good (its thread's root was deleted meanwhile) says why and stays, not
   * lost: Retry sends it again (refused again), Discard drops it.
   */
  /**
   * The browser notifications follow the user's preferences (notify.set): #general set to `all`
   * notifies a plain post; #random set to `nothing` does not notify even a mention.
   */
  @Test
  void browserNotificationsFollowTheNotificationPreferences() {
    Room room = room("Acme");
    try (WsClient alice = WsClient.authenticated(WEB.node().wsUrl(), room.alice().accessToken());
        WsClient bobApi = WsClient.authenticated(WEB.node().wsUrl(), room.bob().accessToken())) {
      String random =
          alice.ok("channel.create", n -> n.put("workspaceId", room.workspaceId()).put("name", "random")).path("channel").path("id").asText();
      bobApi.ok("channel.join", n -> n.put("channelId", random));
      bobApi.ok("notify.set", n -> n.put("channelId", room.general()).put("level", "all"));
      bobApi.ok("notify.set", n -> n.put("channelId", random).put("level", "nothing"));
      try (Browser bob = loggedIn(room.bob(), WIDTH)) {
        bob.awaitText("#channel-list li[data-name='random'] .channel-name", "#random");
        bob.script(
            """
            window.shown = [];
            Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
            window.Notification = class {
              static permission = 'granted';
              constructor(title, options) { window.shown.push(title + ': ' + options.body); }
            };
            """);
        alice.ok("message.post", n -> n.put("channelId", random).put("clientMsgId", UUID.randomUUID().toString()).put("text", "@" + room.bob().username() + " quiet here"));
        alice.ok("message.post", n -> n.put("channelId", room.general()).put("clientMsgId", UUID.randomUUID().toString()).put("text", "plain words"));
        assertEquals(
            room.alice().username() + " (#general): plain words",
            bob.awaitScript("return window.shown.some(s => s.includes('plain words')) ? window.shown.join('|') : null;"));
      }
    }
  }

  @Test
  void aReplyRefusedForGoodShowsWhyAndCanBeRetriedOrDiscarded() {
    Room room = room("Acme");
    try (WsClient alice = WsClient.authenticated(WEB.node().wsUrl(), room.alice().accessToken());
        Browser bob = loggedIn(room.bob(), WIDTH)) {
      long root =
          alice.ok("message.post", n -> n.put("channelId", room.general()).put("clientMsgId", UUID.randomUUID().toString()).put("text", "root"))
              .path("seq").asLong();
      bob.click("#channel-list li[data-name='general']");
      String rootRow = "#messages .message[data-seq='" + root + "']";
      bob.hoverAndClick(rootRow, ".reply");
      bob.awaitVisible("#panel", true);
      alice.ok("message.delete", n -> n.put("channelId", room.general()).put("seq", root));
      bob.awaitCount(rootRow + " .message-marker.deleted", 1);

      bob.press("#thread-composer", "too late", Keys.ENTER);
      String failed = "#panel-list .message.failed";
      bob.awaitCount(failed, 1);
      assertTrue(bob.find(failed + " .message-marker").getText().startsWith("(not sent: "), bob.find(failed).getText());
      assertEquals("too late", bob.find(failed + " .message-text").getText());
      // Retried, the row is pending (a new element) until refused again.
      WebElement refused = bob.find(failed);
      bob.click(failed + " .retry");
      bob.awaitGone(refused);
      bob.awaitCount(failed, 1);
      bob.click(failed + " .discard");
      bob.awaitCount(failed, 0);
      bob.awaitCount("#panel-list .message.pending", 0);
    }
  }
}
