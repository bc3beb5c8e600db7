package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TcpProxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Access tokens that live seconds: the client refreshes them silently and stays logged in, and
 * sends each new one on its socket, which the node would otherwise close when the first expires.
 */
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
      browser.createWorkspace("Refreshed");
      browser.assertNoConsoleErrors();
    }
  }

  @Test
  void theSocketOutlivesTheTokenItOpenedWithBecauseTheClientSendsEachNewOne() {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "erin");
    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      browser.countWebSockets();
      browser.logIn(user.username(), "password-" + user.username());
      // Three refreshes, 2 s apart: the token the socket opened with expired a while ago.
      String token = browser.storedAccessToken();
      for (int refresh = 0; refresh < 3; refresh++) {
        token = browser.awaitTokenOtherThan(token);
      }

      browser.createWorkspace("Same socket");
      assertEquals(1, browser.webSocketsOpened());
      browser.assertNoConsoleErrors();
    }
  }

  /**
   * Two tabs of one browser share the token pair. One refreshes it on schedule and the other takes
   * up each new pair: when both reconnect after a cut, neither spends a refresh token the other
   * already used, which would log both out. Also without Web Locks (plain http to another host),
   * where every tab refreshes and a tab that loses the race takes the pair the winner stored.
   */
  @ParameterizedTest(name = "Web Locks: {0}")
  @ValueSource(booleans = {true, false})
  void twoTabsShareTheRefreshedPairAndBothStayLoggedInThroughAReconnect(boolean webLocks) {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "dan");
    try (TcpProxy proxy = new TcpProxy(URI.create(WEB.node().httpUrl()).getPort());
        Browser browser = Browser.open("http://127.0.0.1:" + proxy.port() + "/", 1280, 800)) {
      if (!webLocks) {
        browser.withoutWebLocks();
      }
      browser.logIn(user.username(), "password-" + user.username());
      browser.openTab("http://127.0.0.1:" + proxy.port() + "/");
      browser.find("#app");
      String token = browser.storedAccessToken();
      for (int refresh = 0; refresh < 4; refresh++) {
        token = browser.awaitTokenOtherThan(token);
      }

      proxy.cut();
      browser.awaitVisible("#banner", true);
      proxy.restore();
      for (int tab : List.of(0, 1)) {
        browser.switchToTab(tab);
        browser.awaitVisible("#banner", false);
        browser.createWorkspace("Tab " + tab);
      }
      if (webLocks) {
        // The browser's own logs of the connections the cut refused; no refresh was refused.
        assertEquals(List.of(), browser.consoleErrors().stream().filter(error -> !error.contains("WebSocket connection to")).toList());
      }
    }
  }
}
