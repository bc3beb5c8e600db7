package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * Message formatting in the web client: the elements views/rich-text.js builds from markdown.js's
 * tree for each construct (checked in the page, against its own modules), and a formatted post as
 * another member sees it, where markup and script links stay inert text.
 */
class BrowserMarkdownTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  @RegisterExtension static final WebNode WEB = new WebNode();

  /** Message text -> the markup of the elements built for it (innerHTML, read by the test only). */
  private static final Map<String, String> RENDERED = new LinkedHashMap<>();

  static {
    RENDERED.put(
        "**bold** and *it* and _it2_ and ~~gone~~",
        "<p class=\"md-p\"><strong>bold</strong> and <em>it</em> and <em>it2</em> and <s>gone</s></p>");
    RENDERED.put("***both*** and *a **b** c*", "<p class=\"md-p\"><strong><em>both</em></strong> and <em>a <strong>b</strong> c</em></p>");
    RENDERED.put("snake_case_name, 2 * 3 * 4, **unclosed", "<p class=\"md-p\">snake_case_name, 2 * 3 * 4, **unclosed</p>");
    RENDERED.put("\\*not em\\* `a *b* <i>` c", "<p class=\"md-p\">*not em* <code class=\"md-code\">a *b* &lt;i&gt;</code> c</p>");
    RENDERED.put("line one\nline two", "<p class=\"md-p\">line one\nline two</p>");
    RENDERED.put(
        "```js\nlet x = '<b>';\n  **kept**\n```\nafter",
        "<pre class=\"md-pre\"><code>let x = '&lt;b&gt;';\n  **kept**</code></pre><p class=\"md-p\">after</p>");
    RENDERED.put(
        "> quoted\n> *more*\n\nafter",
        "<blockquote class=\"md-quote\"><p class=\"md-p\">quoted\n<em>more</em></p></blockquote><p class=\"md-p\">after</p>");
    RENDERED.put("- one\n- **two**\n  still two", "<ul class=\"md-list\"><li>one</li><li><strong>two</strong>\nstill two</li></ul>");
    RENDERED.put("3. three\n4. four", "<ol class=\"md-list\" start=\"3\"><li>three</li><li>four</li></ol>");
    RENDERED.put(
        "see https://example.com/a_b?q=(1). or mailto:bob@example.com",
        "<p class=\"md-p\">see <a class=\"md-link\" href=\"https://example.com/a_b?q=(1)\" target=\"_blank\""
            + " rel=\"noopener noreferrer\">https://example.com/a_b?q=(1)</a>. or <a class=\"md-link\" href=\"mailto:bob@example.com\""
            + " target=\"_blank\" rel=\"noopener noreferrer\">mailto:bob@example.com</a></p>");
    RENDERED.put(
        "javascript:alert(1) [x](javascript:alert(1)) data:text/html,<b>x</b>",
        "<p class=\"md-p\">javascript:alert(1) [x](javascript:alert(1)) data:text/html,&lt;b&gt;x&lt;/b&gt;</p>");
    RENDERED.put("<img src=x onerror=alert(1)>", "<p class=\"md-p\">&lt;img src=x onerror=alert(1)&gt;</p>");
    RENDERED.put(
        ":tada: :no-such-code:",
        "<p class=\"md-p\"><span class=\"md-emoji\" role=\"img\" aria-label=\"tada\" title=\":tada:\">🎉</span> :no-such-code:</p>");
    RENDERED.put(
        "hi @bob, @me and @nobody; mail a@bob.co",
        "<p class=\"md-p\">hi <button type=\"button\" class=\"mention\" data-user-id=\"u-bob\">@bob</button>,"
            + " <span class=\"mention me\">@me</span> and @nobody; mail a@bob.co</p>");
    RENDERED.put(
        "in #general and #missing, not a#general",
        "<p class=\"md-p\">in <button type=\"button\" class=\"channel-link\" data-channel-id=\"c-general\">#general</button>"
            + " and #missing, not a#general</p>");
  }

  @Test
  void eachConstructBuildsItsElementsAndNothingElse() {
    try (Browser browser = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      browser.find("#login");
      for (Map.Entry<String, String> entry : RENDERED.entrySet()) {
        Object html =
            browser.asyncScript(
                """
                const [text, done] = arguments;
                import('/assets/views/rich-text.js').then(({ richText }) => {
                  const links = {
                    member: (name) => ({ bob: { userId: 'u-bob', self: false }, me: { userId: 'u-me', self: true } })[name] ?? null,
                    channel: (name) => (name === 'general' ? 'c-general' : null),
                  };
                  const box = document.createElement('div');
                  box.append(...richText(text, links));
                  done(box.innerHTML);
                }, (error) => done(String(error)));
                """,
                entry.getKey());
        assertEquals(entry.getValue(), html, "rendered: " + entry.getKey());
      }
      browser.assertNoConsoleErrors();
    }
  }

  @Test
  void aFormattedPostShowsFormattedToTheOtherMemberAndMarkupStaysInert() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    String general;
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Formats")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "random"));
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitText("#channel-title", "#general");
      // The mention first: typed last, Enter would take the name's completion instead of sending.
      page.send("@" + bob.username() + " **ship it** with `make` :rocket: #random");
      page.awaitMessage("@" + bob.username() + " ship it with make 🚀 #random");

      try (WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
        String text = "> quoted\n\n```\n<img src=x onerror=window.__xss=1>\n```\n- [x](javascript:window.__xss=2)\n- <img src=x onerror=window.__xss=3>";
        b.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
      }
      String last = "#messages .message:last-child .message-text";
      page.awaitCount(last + " blockquote.md-quote", 1);
      assertEquals("<img src=x onerror=window.__xss=1>", page.find(last + " pre code").getText());
      assertEquals(2, page.count(last + " ul.md-list li"));
      assertEquals(0, page.count("#messages img, #messages a[href^='javascript']"), "markup and script links stay text");
      assertNull(page.script("return window.__xss ?? null;"), "no handler in a message ever ran");

      String own = "#messages .message:nth-last-child(2) .message-text";
      assertEquals("ship it", page.find(own + " strong").getText());
      assertEquals("make", page.find(own + " code.md-code").getText());
      assertEquals(bob.userId(), page.find(own + " .mention").getAttribute("data-user-id"));
      page.click(own + " .channel-link");
      page.awaitText("#channel-title", "#random");
      page.assertNoConsoleErrors();
    }
  }

  /**
   * A click on an @mention of someone opens the direct message with them; a #channel the reader is
   * not in stays text.
   */
  @Test
  void clickingAMentionOpensTheDirectMessageWithThatPerson() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    Accounts.User carol = Accounts.newUser(WEB.node().httpUrl(), "carol");
    String text = "ask @" + carol.username() + " about #plans";
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken());
        WsClient c = WsClient.authenticated(WEB.node().wsUrl(), carol.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Mentions")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      c.ok("workspace.join", n -> n.put("code", code));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      // Public, but Alice is not in it.
      c.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "plans"));
      b.ok("message.post", n -> n.put("channelId", general).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
    }
    try (Browser page = Browser.open(WEB.node().httpUrl(), WIDTH, HEIGHT)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage(text);
      String post = "#messages .message:last-child .message-text";
      assertEquals(carol.userId(), page.find(post + " .mention").getAttribute("data-user-id"));
      assertEquals(0, page.count(post + " .channel-link"), "a channel the reader is not in is text");
      page.click(post + " .mention");
      page.awaitText("#channel-title", carol.username());
      page.awaitCount("#dm-list li", 1);
      assertEquals(carol.username(), page.find("#dm-list li .channel-name").getText());
      page.find("#composer").sendKeys("hi carol", Keys.ENTER);
      page.awaitMessage("hi carol");
      page.assertNoConsoleErrors();
    }
  }
}
