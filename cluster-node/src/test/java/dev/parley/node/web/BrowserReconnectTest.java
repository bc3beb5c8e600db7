package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TcpProxy;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * The web client behind a proxy that can cut its connection: it shows the offline banner, keeps a
 * post typed offline pending and sends it after reconnecting, and resumes (past the replay limit,
 * so through `gap` and history) so that every message posted meanwhile is shown once, in order. Also unread counts (posts,
 * not reactions), mention badges and keyboard moves between channels.
 */
class BrowserReconnectTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final int POSTED_WHILE_CUT = 5;
  /** Fewer than are posted while cut: the resume ends in `gap` and the client fills from history. */
  private static final int MAX_REPLAY = 3;
  @RegisterExtension static final WebNode WEB = new WebNode(Map.of("parley.connection.max-replay", MAX_REPLAY));

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
    int nodePort = URI.create(WEB.node().httpUrl()).getPort();
    try (TcpProxy proxy = new TcpProxy(nodePort);
        WsClient alice = WsClient.authenticated(WEB.node().wsUrl(), room.alice().accessToken());
        Browser bob = bobLoggedIn(room, "http://127.0.0.1:" + proxy.port() + "/")) {
      bob.click("#channel-list li[data-name='general']");
      bob.awaitText("#channel-title", "#general");
      post(alice, room.general(), "before");
      bob.awaitMessage("before");

      proxy.cut();
      bob.awaitVisible("#banner", true);
      bob.send("typed offline");
      bob.awaitCount("#messages .message.pending", 1);
      List<String> expected = new ArrayList<>(List.of("before"));
      for (int i = 1; i <= POSTED_WHILE_CUT; i++) {
        post(alice, room.general(), "while cut " + i);
        expected.add("while cut " + i);
      }
      proxy.restore();

      bob.awaitVisible("#banner", false);
      bob.awaitMessage("typed offline");
      bob.awaitCount("#messages .message.pending", 0);
      alice.awaitEvent("message.posted", d -> d.path("text").asText().equals("typed offline"));
      List<String> shown = bob.messageTexts();
      // Bob's offline post is ordered by the server against Alice's: check hers as a subsequence.
      assertEquals(expected, shown.stream().filter(t -> !t.equals("typed offline")).toList());
      assertEquals(1, shown.stream().filter(t -> t.equals("typed offline")).count());
    }
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
      long plain =
          alice.ok("message.post", n -> n.put("channelId", room.random()).put("clientMsgId", UUID.randomUUID().toString()).put("text", "plain"))
              .path("seq").asLong();
      for (String emoji : List.of("👍", "🎉")) {
        alice.ok("reaction.add", n -> n.put("channelId", room.random()).put("seq", plain).put("emoji", emoji));
      }
      post(alice, room.random(), "second");
      post(alice, room.random(), "@" + room.bob().username() + " look");

      // The mention comes last: once its badge shows, every event before it is counted.
      bob.awaitText(random + " .badge", "@1");
      assertEquals("3", bob.find(random + " .unread-count").getText(), "three posts; reactions are not unread messages");
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
