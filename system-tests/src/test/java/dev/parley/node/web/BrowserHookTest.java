package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/** A post through an incoming webhook shows under the hook's name, not its id. */
class BrowserHookTest {
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void aWebhooksPostShowsUnderTheHooksName() throws IOException, InterruptedException {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    String url;
    try (WsClient a = WsClient.authenticated(WEB.node().wsUrl(), alice.accessToken())) {
      String workspaceId = a.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String channelId =
          a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      url = a.ok("hook.create", n -> n.put("channelId", channelId).put("name", "CI")).path("hook").path("url").asText();
    }
    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(WEB.node().httpUrl() + url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"deploy ok\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, posted.statusCode(), posted.body());
    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      browser.logIn(alice.username(), "password-" + alice.username());
      browser.click("#channel-list li[data-name='general']");
      browser.awaitMessage("deploy ok");
      assertEquals("CI", browser.messageRow("deploy ok").findElement(By.cssSelector(".message-meta .message-author")).getText());
      browser.assertNoConsoleErrors();
    }
  }
}
