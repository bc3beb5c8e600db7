package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.testing.Accounts;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where registration is closed (an administrator creates accounts), the registration form says so
 * above its button, in words for people rather than the API's, and stays up.
 */
class BrowserRegistrationClosedTest {
  @RegisterExtension static final WebNode WEB = new WebNode(Map.of("parley.auth.registration", "closed"));

  @Test
  void aClosedServerSaysThatAnAdministratorCreatesAccounts() {
    // The deployment's first account registers whatever the mode: the one after it is refused.
    Accounts.newUser(WEB.node().httpUrl(), "admin");
    try (Browser page = Browser.open(WEB.node().httpUrl(), 1280, 900)) {
      page.fillRegistration("newcomer" + System.nanoTime() % 100_000, "newcomer-password", "newcomer-password");
      page.click("#register-submit");
      page.awaitText("#register-error", "Registration is closed on this server: an administrator creates accounts.");
      page.awaitVisible("#app", false);
      assertEquals(0, page.count("#register-form [aria-invalid='true']"), "no field is blamed");
    }
  }
}
