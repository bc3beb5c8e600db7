package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A one-node install restarted under an open page (an upgrade on a laptop): the page says it is
 * offline, keeps a post typed meanwhile, and once the node is back every message posted before and
 * after shows exactly once, in order, and the post typed offline is sent once.
 */
class BrowserNodeRestartTest {
  private static final int POSTS_BEFORE = 10;
  private static final int POSTS_AFTER = 10;
  private static final String OFFLINE_POST = "typed while the node was down";

  @Test
  void thePageCarriesOnAcrossARestartOfItsOnlyNode() {
    Browser.assertInstalled();
    TestNode node = TestNode.startH2(Map.of());
    Path dataDir = node.dataDir();
    int port = URI.create(node.httpUrl()).getPort();
    try {
      Accounts.User alice = Accounts.newUser(node.httpUrl(), "alice");
      Accounts.User bob = Accounts.newUser(node.httpUrl(), "bob");
      String general = generalWithBoth(node, alice, bob);
      List<String> sent = new ArrayList<>();
      try (Browser page = Browser.open(node.httpUrl() + "/#" + general, 1280, 800)) {
        page.logIn(bob.username(), "password-" + bob.username());
        page.awaitText("#channel-title", "#general");
        sent.addAll(post(node, alice, general, "before the restart", POSTS_BEFORE));
        page.awaitMessage(sent.get(sent.size() - 1));

        node.close();
        page.awaitVisible("#banner", true);
        page.send(OFFLINE_POST);
        page.awaitCount("#messages .message.pending", 1);
        node = TestNode.startH2At(dataDir, port, Map.of());

        page.awaitVisible("#banner", false);
        page.awaitMessage(OFFLINE_POST);
        page.awaitCount("#messages .message.pending", 0);
        sent.addAll(post(node, alice, general, "after the restart", POSTS_AFTER));
        page.awaitMessage(sent.get(sent.size() - 1));

        List<String> shown = page.messageTexts();
        ShownMessages.assertShownOnce("web reconnect after a node restart (+1 post from the page)", sent, shown, OFFLINE_POST);
        // The browser itself logs each reconnection refused while the node was down.
        assertEquals(List.of(), page.consoleErrors().stream().filter(error -> !error.contains("WebSocket connection to")).toList());
      }
    } finally {
      node.close();
    }
  }

  /** Alice's workspace with channel general, which Bob has joined. */
  private static String generalWithBoth(TestNode node, Accounts.User alice, Accounts.User bob) {
    try (WsClient a = WsClient.authenticated(node.wsUrl(), alice.accessToken());
        WsClient b = WsClient.authenticated(node.wsUrl(), bob.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Home")).path("workspace").path("id").asText();
      String code = a.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      String general = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("channel.join", n -> n.put("channelId", general));
      return general;
    }
  }

  private static List<String> post(TestNode node, Accounts.User user, String channelId, String prefix, int count) {
    List<String> texts = new ArrayList<>();
    try (WsClient client = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      for (int i = 1; i <= count; i++) {
        String text = prefix + " " + i;
        client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
        texts.add(text);
      }
    }
    return texts;
  }
}
