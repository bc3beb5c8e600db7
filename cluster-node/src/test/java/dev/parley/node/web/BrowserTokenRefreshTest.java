package dev.parley.node.web;

import dev.parley.node.testing.Accounts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Access tokens that live seconds: the client refreshes them silently and stays logged in. */
class BrowserTokenRefreshTest {
  @RegisterExtension static final WebNode WEB = new WebNode(Map.of("parley.auth.access-token-ttl", "4s"));

  @Test
  void refreshesBeforeExpiryAndAReloadAuthenticatesWithTheNewToken() {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "carol");
    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
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
