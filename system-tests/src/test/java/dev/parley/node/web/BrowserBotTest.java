package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * A bot's posts and the bot among the people carry a "BOT" badge beside its name, in history and
 * live; a person's posts carry none.
 */
class BrowserBotTest {
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void aBotsPostsAndTheBotAmongThePeopleShowABadge() {
    Accounts.User alice = Accounts.newUser(WEB.node().httpUrl(), "alice");
    ApiClient a = ApiClient.as(WEB.node().httpUrl(), alice.accessToken());
    String workspaceId = a.ok("workspace.create", n -> n.put("name", "Builds")).path("workspace").path("id").asText();
    String channelId = a.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
    String botId = a.ok("bot.create", n -> n.put("workspaceId", workspaceId).put("name", "ci-bot")).path("bot").path("id").asText();
    String secret = a.ok("bot.token.create", n -> n.put("workspaceId", workspaceId).put("botId", botId).put("label", "deploys")).path("token").path("secret").asText();
    ApiClient bot = ApiClient.as(WEB.node().httpUrl(), secret);
    bot.ok("channel.join", n -> n.put("channelId", channelId));
    post(bot, channelId, "build green");
    post(a, channelId, "thanks");

    try (Browser page = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      page.logIn(alice.username(), "password-" + alice.username());
      page.click("#channel-list li[data-name='general']");
      page.awaitMessage("thanks");
      assertEquals(List.of("BOT"), badges(page, "build green"), "a bot's post from the history");
      assertEquals("ci-bot", page.messageRow("build green").findElement(By.cssSelector(".message-author")).getText());
      assertEquals(List.of(), badges(page, "thanks"), "a person's post");

      post(bot, channelId, "deployed");
      assertEquals(List.of("BOT"), badges(page, "deployed"), "a bot's post as it arrives");
      assertEquals("BOT", page.find("#people-list li.person[data-name='ci-bot'] .bot-badge").getText());
      assertEquals(1, page.count("#people-list .bot-badge"), "only the bot among the people");
      page.assertNoConsoleErrors();
    }
  }

  private static List<String> badges(Browser page, String text) {
    return page.messageRow(text).findElements(By.cssSelector(".bot-badge")).stream().map(e -> e.getText()).toList();
  }

  private static void post(ApiClient client, String channelId, String text) {
    client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
  }
}
