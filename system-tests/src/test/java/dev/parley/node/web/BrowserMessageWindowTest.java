package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A channel of 10,000 messages, read from the latest back to the first and down again: only the
 * rows near the view are in the page throughout, older pages load as the reader scrolls up, and
 * the first and the latest message are reached and shown. Logs how long opening the channel took
 * and the long tasks (main thread busy over 50 ms) while scrolling, and what a live post then costs
 * the page's main thread in script, for docs/benchmarks.md.
 */
class BrowserMessageWindowTest {
  private static final int MESSAGES = 10_000;
  private static final int SEED_THREADS = 4;
  // Rows differ in height: one post in CODE_EVERY carries a code block, one in BOB_EVERY is Bob's (a new group).
  // Neither the first nor the last post: the test finds those by their plain text.
  private static final int CODE_EVERY = 10;
  private static final int CODE_AT = 5;
  private static final int BOB_EVERY = 7;
  private static final int BOB_AT = 3;
  private static final int ROW_BOUND = 200;
  // Each script call scrolls for at most this long, within WebDriver's script timeout; the test goes on until done.
  private static final int CHUNK_MS = 10_000;
  private static final int MAX_CHUNKS = 30;
  /** Posts by Bob that arrive live while all 10,000 messages are loaded and the reader is at the bottom. */
  private static final int LIVE_POSTS = 30;
  @RegisterExtension static final WebNode WEB = new WebNode();

  /** Records the long tasks and the most message rows in the page, from when this runs on. */
  private static final String START_RECORDING =
      """
      window.__scroll = { tasks: [], rowsMax: 0 };
      window.__scroll.observer = new PerformanceObserver((entries) => window.__scroll.tasks.push(...entries.getEntries()));
      window.__scroll.observer.observe({ type: 'longtask' });
      """;

  /**
   * Scrolls up a screen each two frames (waiting where an older page is loading) until the
   * channel's first message is in the page, or the chunk's time is up; returns whether it is.
   */
  private static final String SCROLL_UP =
      """
      const done = arguments[arguments.length - 1];
      const list = document.getElementById('messages');
      const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const shown = (text) => [...list.querySelectorAll('.message .message-text')].some((row) => row.textContent === text);
      (async () => {
        const until = performance.now() + arguments[0];
        while (!shown('message 1') && performance.now() < until) {
          list.scrollTop = Math.max(0, list.scrollTop - list.clientHeight);
          await frames();
          window.__scroll.rowsMax = Math.max(window.__scroll.rowsMax, list.querySelectorAll('.message').length);
        }
        done(shown('message 1'));
      })();
      """;

  /** Scrolls down a screen each two frames until the list is at its bottom; returns the last row's text. */
  private static final String SCROLL_DOWN =
      """
      const done = arguments[arguments.length - 1];
      const list = document.getElementById('messages');
      const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      (async () => {
        const until = performance.now() + arguments[0];
        while (list.scrollHeight - list.scrollTop - list.clientHeight >= 1 && performance.now() < until) {
          list.scrollTop += list.clientHeight;
          await frames();
          window.__scroll.rowsMax = Math.max(window.__scroll.rowsMax, list.querySelectorAll('.message').length);
        }
        const rows = list.querySelectorAll('.message .message-text');
        done(list.scrollHeight - list.scrollTop - list.clientHeight < 1 ? rows[rows.length - 1].textContent : null);
      })();
      """;

  /** Clicks a channel in the sidebar and waits until its row with `text` is in the page; returns how long that took (ms). */
  private static final String OPEN_CHANNEL =
      """
      const done = arguments[arguments.length - 1];
      const [name, text] = [arguments[0], arguments[1]];
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      (async () => {
        const started = performance.now();
        document.querySelector(`#channel-list li[data-name='${name}']`).click();
        while (![...document.querySelectorAll('#messages .message .message-text')].some((row) => row.textContent === text)) {
          await frame();
        }
        done(performance.now() - started);
      })();
      """;

  /** A script returning true once the message with this text is in the page and inside the list's view, else null. */
  private static String inView(String text) {
    return """
        const list = document.getElementById('messages').getBoundingClientRect();
        const row = [...document.querySelectorAll('#messages .message')].find((r) => r.querySelector('.message-text')?.textContent === '%s');
        const box = row?.getBoundingClientRect();
        return (!!box && box.bottom > list.top && box.top < list.bottom) || null;
        """
        .formatted(text);
  }

  @Test
  void onlyTheRowsNearTheViewAreInThePageWhileScrollingThroughTenThousandMessages() throws Exception {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    String channelId;
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "quiet"));
      channelId = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "busy")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", channelId));
    }
    seed(ApiClient.as(WEB.node().httpUrl(), alice.accessToken()), ApiClient.as(WEB.node().httpUrl(), bob.accessToken()), channelId);

    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      browser.logIn(alice.username(), "password-" + alice.username());
      browser.click("#channel-list li[data-name='quiet']");
      browser.awaitText("#channel-title", "#quiet");
      double openMs = ((Number) browser.asyncScript(OPEN_CHANNEL, "busy", text(MESSAGES))).doubleValue();
      browser.awaitScript(inView(text(MESSAGES)));

      browser.script(START_RECORDING);
      boolean reachedFirst = false;
      for (int chunk = 0; chunk < MAX_CHUNKS && !reachedFirst; chunk++) {
        reachedFirst = (Boolean) browser.asyncScript(SCROLL_UP, CHUNK_MS);
      }
      assertTrue(reachedFirst, "scrolling up reaches the channel's first message");
      browser.script("document.getElementById('messages').scrollTop = 0;");
      browser.awaitScript(inView(text(1)));

      String last = null;
      for (int chunk = 0; chunk < MAX_CHUNKS && last == null; chunk++) {
        last = (String) browser.asyncScript(SCROLL_DOWN, CHUNK_MS);
      }
      assertEquals(text(MESSAGES), last, "scrolling back down ends at the latest message");
      browser.awaitScript(inView(text(MESSAGES)));

      @SuppressWarnings("unchecked")
      Map<String, Object> recorded =
          (Map<String, Object>)
              browser.script(
                  "const s = window.__scroll; s.tasks.push(...s.observer.takeRecords()); s.observer.disconnect();"
                      + " return { rowsMax: s.rowsMax, longtasks: s.tasks.length, longest: Math.max(0, ...s.tasks.map((t) => t.duration)) };");
      long rowsMax = ((Number) recorded.get("rowsMax")).longValue();
      System.out.printf(
          "web 10k scroll: rows-max=%d longtasks=%d longest=%.0fms open=%.0fms%n",
          rowsMax, ((Number) recorded.get("longtasks")).longValue(), ((Number) recorded.get("longest")).doubleValue(), openMs);
      assertTrue(rowsMax > 0 && rowsMax < ROW_BOUND, "message rows in the page at most: " + rowsMax);

      ApiClient bobApi = ApiClient.as(WEB.node().httpUrl(), bob.accessToken());
      double scriptBefore = browser.scriptMillis();
      for (int i = 1; i <= LIVE_POSTS; i++) {
        String text = "live " + i;
        bobApi.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", text).put("text", text));
      }
      browser.awaitScript(inView("live " + LIVE_POSTS));
      double scriptPerPost = (browser.scriptMillis() - scriptBefore) / LIVE_POSTS;
      System.out.printf("web 10k live: posts=%d script-per-post=%.1fms%n", LIVE_POSTS, scriptPerPost);
      browser.assertNoConsoleErrors();
    }
  }

  private static String text(int i) {
    return "message " + i;
  }

  /** Posts messages 1 .. 10000 over the HTTP API, the last one after all others; some are Bob's, some carry code. */
  private static void seed(ApiClient alice, ApiClient bob, String channelId) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS);
    try {
      List<Future<?>> posts = new ArrayList<>();
      for (int i = 1; i < MESSAGES; i++) {
        int n = i;
        posts.add(pool.submit(() -> post(n % BOB_EVERY == BOB_AT ? bob : alice, channelId, n)));
      }
      for (Future<?> post : posts) {
        post.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    post(alice, channelId, MESSAGES);
  }

  private static void post(ApiClient api, String channelId, int i) {
    String body = i % CODE_EVERY == CODE_AT ? "\n```\nfor (const row of rows) {\n  measure(row);\n}\n```" : "";
    api.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "seed-" + i).put("text", text(i) + body));
  }
}
