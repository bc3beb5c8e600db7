package dev.parley.node.web;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Access tokens that live seconds: the client refreshes them silently and stays logged in. */
class BrowserTokenRefreshTest {
  private static TestNode node;

  @BeforeAll
  static void start() {
    Browser.assertInstalled();
    Map<String, Object> config = new HashMap<>(TestNode.UNLIMITED);
    config.put("parley.auth.access-token-ttl", "4s");
    node = TestNode.startH2(config);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void refreshesBeforeExpiryAndAReloadAuthenticatesWithTheNewToken() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "carol");
    try (Browser browser = Browser.open(node.httpUrl(), 1280, 800)) {
      browser.logIn(user.username(), "password-" + user.username());
      // A refresh every 2 s (half the 4 s life): after three, the first token has expired.
      String token = browser.storedAccessToken();
      for (int refresh = 0; refresh < 3; refresh++) {
        token = browser.awaitTokenOtherThan(token);
      }

      browser.reload();
      browser.type("#workspace-name", "Refreshed");
      browser.click("#workspace-create");
      browser.awaitText("#workspace-select option:checked", "Refreshed");
      browser.assertNoConsoleErrors();
    }
  }
}
