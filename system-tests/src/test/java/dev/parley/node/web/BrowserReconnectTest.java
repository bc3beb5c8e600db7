package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TcpProxy;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web client behind a proxy that cuts or black-holes its connection while another user keeps
 * posting: it shows the offline banner, keeps a post typed offline pending and sends it after
 * reconnecting, and resumes (past the replay limit, so through `gap` and history) so that every
 * message is shown once, in order. Also unread counts (posts, not reactions), mention badges and
 * keyboard moves between channels.
 */
class BrowserReconnectTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final int POSTED_WHILE_AWAY = 5;
  private static final int POSTED_AFTER_RETURN = 5;
  private static final Duration POST_PAUSE = Duration.ofMillis(100);
  /** Fewer than are posted while away: the resume ends in `gap` and the client fills from history. */
  private static final int MAX_REPLAY = 3;
  /** Short, so a black-holed socket is given up within seconds. */
  private static final String HEARTBEAT = "1s";
  @RegisterExtension
  static final WebNode WEB =
      new WebNode(
          Map.of(
              "parley.connection.max-replay", MAX_REPLAY,
              "parley.web.heartbeat-interval", HEARTBEAT,
              "parley.web.heartbeat-timeout", HEARTBEAT));

  /** Alice owns a workspace with channels general and random; Bob is in both. */
  private record Room(Accounts.User alice, Accounts.User bob, String general, String random) {}

  private static Room room() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    Accounts.User bob = Accounts.newUser(WEB.node().httpUrl(), "bob");
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(WEB.node().wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      List<String> channels = new ArrayList<>();
      for (String name : List.of("general", "random")) {
        String id = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", name)).path("channel").path("id").asText();
        b.ok("channel.join", n -> n.put("channelId", id));
        channels.add(id);
      }
      return new Room(alice, bob, channels.get(0), channels.get(1));
    }
  }

  private static void post(WsClient client, String channelId, String text) {
    client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
  }

  private static Browser bobLoggedIn(Room room, String baseUrl) {
    Browser bob = Browser.open(baseUrl, WIDTH, HEIGHT);
    bob.logIn(room.bob().username(), "password-" + room.bob().username());
    return bob;
  }

  @Test
  void afterACutEveryMessageIsShownOnceInOrderAndTheOfflinePostIsSent() {
    Room room = room();
    try (TcpProxy proxy = new TcpProxy(nodePort());
        BackgroundPoster alice = alicePosting(room, "cut");
        Browser bob = bobInGeneral(room, proxy)) {
      bob.awaitMessage(alice.awaitMore(1));

      proxy.cut();
      bob.awaitVisible("#banner", true);
      bob.send("typed offline");
      bob.awaitCount("#messages .message.pending", 1);
      alice.awaitMore(POSTED_WHILE_AWAY);
      proxy.restore();

      assertCaughtUp("web reconnect after a cut", alice, bob);
    }
  }

  /**
   * A path that drops every packet closes nothing: without its heartbeat the client would wait on
   * a dead socket and show nothing more. A post sent into that socket is kept and sent again.
   */
  @Test
  void aSocketThatStopsAnsweringIsGivenUpAndEveryMessageStillShowsOnce() {
    Room room = room();
    try (TcpProxy proxy = new TcpProxy(nodePort());
        BackgroundPoster alice = alicePosting(room, "black hole");
        Browser bob = bobInGeneral(room, proxy)) {
      bob.awaitMessage(alice.awaitMore(1));

      proxy.blackHole();
      bob.send("typed offline");
      bob.awaitVisible("#banner", true);
      bob.awaitCount("#messages .message.pending", 1);
      alice.awaitMore(POSTED_WHILE_AWAY);
      proxy.restore();

      assertCaughtUp("web reconnect after a black hole", alice, bob);
    }
  }

  /**
   * A post typed offline is kept by the tab: a reload while the node cannot be reached, then one
   * once it can, sends it, and only once.
   */
  @Test
  void aPostTypedOfflineSurvivesAReloadAndIsSentOnce() {
    Room room = room();
    String text = "typed before a reload";
    try (TcpProxy proxy = new TcpProxy(nodePort());
        WsClient alice = WsClient.authenticated(WEB.node().wsUrl(), room.alice().accessToken());
        Browser bob = bobInGeneral(room, proxy)) {
      proxy.cut();
      bob.awaitVisible("#banner", true);
      bob.send(text);
      bob.awaitCount("#messages .message.pending", 1);
      bob.reloadUnreachable();
      proxy.restore();
      bob.reload();

      bob.awaitMessage(text);
      bob.awaitCount("#messages .message.pending", 0);
      alice.awaitEvent("message.posted", d -> d.path("text").asText().equals(text));
      assertEquals(1, bob.messageTexts().stream().filter(t -> t.equals(text)).count());
      long stored =
          StreamSupport.stream(alice.ok("history", n -> n.put("channelId", room.general())).path("events").spliterator(), false)
              .filter(event -> event.path("data").path("text").asText().equals(text))
              .count();
      assertEquals(1, stored, "posted once");
    }
  }

  private static int nodePort() {
    return URI.create(WEB.node().httpUrl()).getPort();
  }

  private static BackgroundPoster alicePosting(Room room, String prefix) {
    return new BackgroundPoster(WEB.node().wsUrl(), room.alice().accessToken(), room.general(), prefix, POST_PAUSE);
  }

  private static Browser bobInGeneral(Room room, TcpProxy proxy) {
    Browser bob = bobLoggedIn(room, "http://127.0.0.1:" + proxy.port() + "/");
    try {
      bob.click("#channel-list li[data-name='general']");
      bob.awaitText("#channel-title", "#general");
      return bob;
    } catch (RuntimeException | Error e) {
      bob.close();
      throw e;
    }
  }

  /**
   * Bob is back online: his offline post is sent once, and once Alice has posted a few more,
   * he has been shown every message she posted exactly once, in order.
   */
  private static void assertCaughtUp(String scenario, BackgroundPoster alice, Browser bob) {
    bob.awaitVisible("#banner", false);
    bob.awaitMessage("typed offline");
    bob.awaitCount("#messages .message.pending", 0);
    alice.awaitMore(POSTED_AFTER_RETURN);
    List<String> sent = alice.stop();
    bob.awaitMessage(sent.get(sent.size() - 1));
    List<String> shown = bob.messageTexts();
    ShownMessages.assertShownOnce(scenario, sent, shown, "typed offline");
    // The browser itself logs each reconnection the outage refused; the page logs nothing.
    assertEquals(List.of(), bob.consoleErrors().stream().filter(error -> !error.contains("WebSocket connection to")).toList());
  }

  @Test
  void otherChannelShowsUnreadCountAndMentionBadgeUntilViewedAndKeysMoveBetweenChannels() {
    Room room = room();
    try (WsClient alice = WsClient.authenticated(WEB.node().wsUrl(), room.alice().accessToken());
        Browser bob = bobLoggedIn(room, WEB.node().httpUrl())) {
      String random = "#channel-list li[data-name='random']";
      // Viewing random first marks its join events read, so only what follows counts.
      bob.click(random);
      bob.awaitText("#channel-title", "#random");
      bob.click("#channel-list li[data-name='general']");
      bob.awaitText("#channel-title", "#general");
      post(alice, room.general(), "hello general");
      // Rows are updated in place, not rebuilt on every event: what the reader points at (this
      // message, random's row) stays the same element while random's events arrive.
      WebElement hello = bob.messageRow("hello general");
      post(alice, room.random(), "first");
      bob.awaitText(random + " .unread-count", "1");
      WebElement randomRow = bob.find(random);
      long plain =
          alice.ok("message.post", n -> n.put("channelId", room.random()).put("clientMsgId", UUID.randomUUID().toString()).put("text", "plain"))
              .path("seq").asLong();
      for (String emoji : List.of("👍", "🎉")) {
        alice.ok("reaction.add", n -> n.put("channelId", room.random()).put("seq", plain).put("emoji", emoji));
      }
      post(alice, room.random(), "second");
      bob.awaitText(random + " .unread-count", "3");
      assertEquals("#random3", randomRow.getText().replaceAll("\\s", ""), "the row on screen was updated");
      assertEquals("hello general", hello.findElement(By.cssSelector(".message-text")).getText(), "the message row on screen was kept");
      post(alice, room.random(), "@" + room.bob().username() + " look");

      // The mention comes last: once its badge shows, every event before it is counted.
      bob.awaitText(random + " .badge", "@1");
      assertEquals("4", bob.find(random + " .unread-count").getText(), "four posts; reactions are not unread messages");
      bob.click(random);
      bob.awaitMessage("@" + room.bob().username() + " look");
      bob.awaitCount(random + " .badge", 0);
      bob.awaitCount(random + " .unread-count", 0);

      bob.press(random, Keys.ARROW_UP);
      bob.pressOnFocused(Keys.ENTER);
      bob.awaitText("#channel-title", "#general");
      bob.assertNoConsoleErrors();
    }
  }
}
