package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.WsClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * How the message list reads: one person's consecutive messages under one avatar and name, a
 * mention of the reader marked, and every action reachable from the keyboard alone (post, move
 * between messages, open the toolbar, react).
 */
class BrowserMessageListTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final int MAX_TABS = 6;
  /** More than a window shows, so that the first of them is above the view. */
  private static final int UNREAD = 40;
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void consecutiveMessagesGroupUnderOneAvatarAndAMentionIsMarked() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    String general = sharedChannel(alice, bob);
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      for (String text : List.of("one", "two", "three")) post(a, general, text);
      post(b, general, "@" + alice.username() + " four");
      post(a, general, "five");
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("five");
      assertEquals(List.of("one", "two", "three", "@" + alice.username() + " four", "five"), page.messageTexts());
      assertEquals(3, page.count("#messages .message .avatar"), "one avatar per group");
      assertEquals(2, page.count("#messages .message.continued"));
      assertEquals("AL", page.find("#messages .message:not(.continued) .avatar").getText());
      assertEquals(bob.username(), page.find("#messages .message.mentions-me .message-author").getText());
      assertEquals(1, page.count("#messages .message.mentions-me"), "only the message that mentions the reader");
      assertEquals(
          List.of(true, true, false, false, false),
          page.asyncScript(
              """
              const done = arguments[0];
              import('/assets/views/message-row.js').then(({ continues }) => done([
                continues({ author: 'a', ts: 0 }, { author: 'a', ts: 299999 }),
                continues({ author: 'a', ts: 1000 }, { author: 'a', ts: 1000 }),
                continues({ author: 'a', ts: 0 }, { author: 'a', ts: 300000 }),
                continues({ author: 'a', ts: 0 }, { author: 'b', ts: 1 }),
                continues(null, { author: 'a', ts: 0 }),
              ]), (error) => done(String(error)));
              """),
          "grouped: same author within five minutes");
      page.assertNoConsoleErrors();
    }
  }

  @Test
  void postingMovingAndReactingWorkFromTheKeyboardAlone() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    String general = sharedChannel(alice, bob);
    try (WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      post(b, general, "earlier");
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("earlier");
      page.find("#composer").sendKeys("typed **only**", Keys.ENTER);
      page.awaitMessage("typed only");

      String focusedText = "return document.activeElement.closest('.message')?.querySelector('.message-text').textContent ?? null;";
      String onMessage = "return document.activeElement.classList.contains('message');";
      for (int i = 0; i < MAX_TABS && !Boolean.TRUE.equals(page.script(onMessage)); i++) {
        page.keysHolding(Keys.SHIFT, Keys.TAB);
      }
      assertEquals("typed only", page.script(focusedText), "Shift+Tab from the message box reaches the last message");
      page.keys(Keys.TAB);
      assertEquals("Add reaction", page.script("return document.activeElement.getAttribute('aria-label');"));
      page.keys(Keys.ENTER);
      assertEquals("Search emoji", page.awaitScript("return document.activeElement.getAttribute('aria-label');"), "the picker takes the focus");
      page.keys(Keys.ARROW_DOWN);
      assertEquals("👍", page.script("return document.activeElement.dataset.emoji ?? null;"), "Down goes to the first emoji");
      page.keys(Keys.ENTER);
      page.awaitText("#messages .message:last-child .reaction.mine", "👍 1");
      assertEquals(true, page.script(onMessage), "back on the message");
      assertEquals("typed only", page.script(focusedText));

      page.keys(Keys.ARROW_UP);
      assertEquals("earlier", page.script(focusedText), "Up moves to the message above");
      page.keys(Keys.TAB, Keys.ENTER);
      page.awaitVisible("#emoji-picker", true);
      page.keys(Keys.ESCAPE);
      page.awaitVisible("#emoji-picker", false);
      assertEquals(true, page.script(onMessage));
      assertEquals("earlier", page.script(focusedText), "the focus is back on its message");

      // Others' new messages are read out from a log of their own: the windowed list, whose rows
      // come and go as the reader scrolls, is not a live region.
      ApiClient bobApi = ApiClient.as(WEB.node().httpUrl(), bob.accessToken());
      bobApi.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", "just in"));
      page.awaitMessage("just in");
      // Visually hidden: WebDriver's visible text of it is empty, its text content is what is read out.
      assertEquals(bob.username() + ": just in", page.awaitScript("return document.querySelector('#message-announcer p:last-child')?.textContent || null;"));
      assertEquals("log", page.find("#message-announcer").getAttribute("role"));
      assertEquals(null, page.find("#messages").getAttribute("aria-live"), "the list itself is not announced");
      assertEquals("earlier", page.script(focusedText), "a new message leaves the focus where it was");

      // A reaction from someone else rebuilds the row under the focus: the focus stays on that message.
      page.keys(Keys.ARROW_DOWN);
      assertEquals("typed only", page.script(focusedText));
      page.keys(Keys.TAB);
      assertEquals(false, page.script(onMessage), "on a control of the message");
      assertEquals("typed only", page.script(focusedText));
      long typedSeq = Long.parseLong((String) page.script("return document.activeElement.closest('.message').dataset.seq;"));
      bobApi.ok("reaction.add", n -> n.put("channelId", general).put("seq", typedSeq).put("emoji", "🎉"));
      page.awaitCount("#messages .message[data-seq='" + typedSeq + "'] .reaction", 2);
      assertEquals(true, page.awaitScript("return document.activeElement.classList.contains('message') || null;"), "the focus is on a message row");
      assertEquals("typed only", page.script(focusedText), "the focus stays on the rebuilt message");
      page.assertNoConsoleErrors();
    }
  }

  /**
   * What arrived since the reader last read the channel sits under a "New messages" line; when
   * it is above the view, a button scrolls it back into view.
   */
  @Test
  void newMessagesSitUnderADividerThatAButtonJumpsTo() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    String general = sharedChannel(alice, bob);
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      long read = b.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", "already read")).path("seq").asLong();
      a.ok("read", n -> n.put("channelId", general).put("seq", read));
      for (int i = 1; i <= UNREAD; i++) post(b, general, "unread " + i);
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("unread " + UNREAD);
      // The divider is more than a screen above the latest message: only the rows near the view are in the page.
      page.click("#jump-unread");
      page.awaitVisible("#jump-unread", false);
      assertEquals(1, page.count("#messages .unread-divider"));
      assertEquals("unread 1", page.script("return document.querySelector('#messages .unread-divider').nextElementSibling.querySelector('.message-text').textContent;"));
      assertEquals("already read", page.script("return document.querySelector('#messages .unread-divider').previousElementSibling.querySelector('.message-text').textContent;"));
      assertEquals(
          true,
          page.script(
              "const d = document.querySelector('#messages .unread-divider').getBoundingClientRect();"
                  + " const l = document.getElementById('messages').getBoundingClientRect();"
                  + " return d.bottom > l.top && d.top < l.bottom;"),
          "the divider is in view");
      page.assertNoConsoleErrors();
    }
  }

  /** The message box's emoji picker, from the keyboard: it opens, inserts at the caret, closes on Escape. */
  @Test
  void theComposersEmojiPickerInsertsAnEmojiFromTheKeyboard() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    sharedChannel(alice, bob);
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitText("#channel-title", "#general");
      page.find("#composer").sendKeys("ship it ");
      page.keysHolding(Keys.SHIFT, Keys.TAB);
      assertEquals("emoji-open", page.script("return document.activeElement.id;"));
      page.keys(Keys.ENTER);
      assertEquals("Search emoji", page.awaitScript("return document.activeElement.getAttribute('aria-label');"), "the picker takes the focus");
      page.keys(Keys.ESCAPE);
      page.awaitVisible("#emoji-picker", false);
      assertEquals("emoji-open", page.script("return document.activeElement.id;"), "Escape gives the focus back to the button");
      page.keys(Keys.ENTER);
      page.click("#emoji-picker [data-emoji='🎉']");
      page.awaitVisible("#emoji-picker", false);
      assertEquals("composer", page.script("return document.activeElement.id;"));
      page.keys(" now", Keys.ENTER);
      page.awaitMessage("ship it 🎉 now");
      page.assertNoConsoleErrors();
    }
  }

  /** A workspace of Alice's with a channel general that Bob joined; its id. */
  private static String sharedChannel(Accounts.User alice, Accounts.User bob) {
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Groups")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      return general;
    }
  }

  private static void post(WsClient client, String channelId, String text) {
    client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
  }
}
