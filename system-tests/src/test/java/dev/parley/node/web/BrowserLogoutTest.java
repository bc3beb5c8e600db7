package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Logging out of the web client ends the session on the server, not only in the browser: a copy
 * of its refresh token no longer works. "Log out everywhere", on the account settings page and
 * asked first, ends the user's other sessions too.
 */
class BrowserLogoutTest {
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void logOutEndsTheSessionOnTheServerAndInTheOtherTabButNotOtherDevices() {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "fay");
    String otherDevice = loginElsewhere(user);
    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      browser.logIn(user.username(), "password-" + user.username());
      browser.openTab(WEB.node().httpUrl());
      browser.find("#app");
      String copied = browser.storedRefreshToken();

      browser.switchToTab(0);
      browser.chooseFromUserMenu("logout");
      browser.find("#login");
      browser.switchToTab(1);
      browser.find("#login");

      assertEquals(401, refresh(copied).statusCode());
      assertEquals(200, refresh(otherDevice).statusCode());
      browser.assertNoConsoleErrors();
    }
  }

  @Test
  void logOutEverywhereEndsTheUsersOtherSessionsToo() {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "gus");
    String otherDevice = loginElsewhere(user);
    Accounts.User bystander = Accounts.newUser(WEB.node().httpUrl(), "gus-neighbour");
    try (Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      browser.logIn(user.username(), "password-" + user.username());
      String copied = browser.storedRefreshToken();

      browser.chooseFromUserMenu("account-settings");
      browser.click("#logout-all");
      browser.awaitText("#dialog-title", "Log out everywhere?");
      browser.click("#dialog-cancel");
      browser.awaitVisible("#dialog", false);
      assertEquals(200, refresh(otherDevice).statusCode(), "cancelled: nothing ended");
      otherDevice = loginElsewhere(user);
      browser.click("#logout-all");
      browser.click("#dialog-confirm");
      browser.find("#login");
      // The form is shown before the focus moves into it (CI once read the focus in between).
      browser.awaitScript("return document.activeElement.id === 'login-username' || null;");

      assertEquals(401, refresh(copied).statusCode());
      assertEquals(401, refresh(otherDevice).statusCode());
      assertEquals(200, refresh(bystander.refreshToken()).statusCode());
      browser.assertNoConsoleErrors();
    }
  }

  /** Another session of {@code user}, as another device would log in: its refresh token. */
  private static String loginElsewhere(Accounts.User user) {
    HttpResponse<String> login =
        Accounts.post(
            WEB.node().httpUrl(),
            "/v1/auth/login",
            "{\"username\":\"" + user.username() + "\",\"password\":\"password-" + user.username() + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    return Accounts.json(login).path("refreshToken").asText();
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return Accounts.post(WEB.node().httpUrl(), "/v1/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
  }
}
