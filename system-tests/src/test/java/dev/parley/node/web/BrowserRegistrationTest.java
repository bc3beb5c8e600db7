package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Registration has its own form on the log-in card: "Create an account" opens it and "Log in"
 * goes back. A confirmation that differs from the password is refused on the page, with nothing
 * sent; a username that is taken is said under the username; a new account with a display name
 * is logged in at once.
 */
class BrowserRegistrationTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 900;
  /** Counts the page's registration requests, in window.__registrations. */
  private static final String COUNT_REGISTRATIONS =
      "window.__registrations = 0;"
          + "const parleyFetch = window.fetch;"
          + "window.fetch = (url, ...rest) => {"
          + "  if (String(url).includes('/v1/auth/register')) window.__registrations++;"
          + "  return parleyFetch(url, ...rest);"
          + "};";
  private static final String ACTIVE_ID = "return document.activeElement.id;";
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void aNewAccountRegistersThroughItsOwnForm() throws Exception {
    String username = "rita" + System.nanoTime() % 100_000;
    try (Browser page = Browser.openWith(WEB.node().httpUrl(), WIDTH, HEIGHT, COUNT_REGISTRATIONS)) {
      page.find("#login-form");
      page.awaitVisible("#register-form", false);
      page.click("#show-register");
      page.awaitVisible("#login-form", false);
      assertEquals("register-username", page.script(ACTIVE_ID), "the focus goes to the form's first field");

      page.fillRegistration(username, "rita-password", "rita-passwort");
      page.type("#register-display-name", "Rita Registers");
      page.click("#register-submit");
      page.awaitText("#register-confirm-error", "The passwords differ: type the same password twice.");
      assertEquals("true", page.find("#register-confirm").getAttribute("aria-invalid"));
      assertEquals("register-confirm", page.script(ACTIVE_ID), "the field in error has the focus");
      assertEquals(0L, page.script("return window.__registrations;"), "refused without a request");
      page.screenshot(BrowserThemeTest.SCREENSHOTS.resolve("register-refused-desktop.png"));
      page.awaitVisible("#app", false);

      page.type("#register-confirm", "rita-password");
      page.awaitVisible("#register-confirm-error", false);
      page.click("#register-submit");
      page.find("#app");
      page.awaitSignedInAs(username);
      page.chooseFromUserMenu("account-settings");
      page.awaitScript("return document.getElementById('display-name').value === 'Rita Registers' || null;");
      page.assertNoConsoleErrors();
    }
  }

  @Test
  void aTakenUsernameIsSaidUnderTheUsernameAndLogInIsOneLinkAway() {
    Accounts.User sam = Accounts.newUser(WEB.node().httpUrl(), "sam");
    try (Browser page = Browser.openWith(WEB.node().httpUrl(), WIDTH, HEIGHT, COUNT_REGISTRATIONS)) {
      page.fillRegistration(sam.username(), "another-password", "another-password");
      page.click("#register-submit");
      page.awaitText("#register-username-error", "That username is taken: choose another.");
      assertEquals("register-username", page.script(ACTIVE_ID));
      assertEquals(1L, page.script("return window.__registrations;"));
      page.awaitVisible("#app", false);

      page.click("#show-login");
      page.awaitVisible("#register-form", false);
      assertEquals("login-username", page.script(ACTIVE_ID));
      page.logIn(sam.username(), "password-" + sam.username());
    }
  }
}
