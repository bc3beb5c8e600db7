package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * The web client works under the Content-Security-Policy its node sends: a whole session in real
 * Chromium (load, register, chat, search, log out and in, reload) reports no violation. The page
 * watches for violations from before its own scripts run; at the end a blocked inline style shows
 * that the watch sees them.
 */
class BrowserSecurityPolicyTest {
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 800;
  private static final String WATCH_VIOLATIONS =
      "window.cspViolations = [];"
          + "document.addEventListener('securitypolicyviolation',"
          + " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";
  private static final String READ_PAGE_HEADERS =
      "window.pageHeaders = null;"
          + "fetch('/').then(r => { window.pageHeaders = Object.fromEntries(['content-security-policy', 'x-content-type-options',"
          + " 'referrer-policy', 'x-frame-options'].map(name => [name, r.headers.get(name)])); });";
  @RegisterExtension static final WebNode WEB = new WebNode();

  @Test
  void aWholeSessionRunsUnderThePolicyWithoutViolations() {
    String username = "policed-" + UUID.randomUUID().toString().substring(0, 8);
    try (Browser alice = Browser.openWith(WEB.node().httpUrl(), WIDTH, HEIGHT, WATCH_VIOLATIONS)) {
      alice.register(username, "alice-password");
      alice.createWorkspace("Policed");
      alice.createChannel("general", false);
      alice.send("under the policy");
      alice.awaitMessage("under the policy");
      alice.type("#search-input", "policy");
      alice.repeatUntilTextContaining(() -> alice.press("#search-input", Keys.ENTER), "#panel-list .search-hit .message-text", "policy");
      alice.pressOnFocused(Keys.ESCAPE);
      alice.chooseFromUserMenu("logout");
      alice.logIn(username, "alice-password");
      alice.click("#channel-list li[data-name='general']");
      alice.send("logged in again");
      alice.awaitMessage("logged in again");
      assertEquals(List.of(), alice.script("return window.cspViolations;"));

      alice.reload();
      alice.awaitMessage("logged in again");
      alice.send("after a reload");
      alice.awaitMessage("after a reload");
      assertEquals(List.of(), alice.script("return window.cspViolations;"));
      alice.assertNoConsoleErrors();

      alice.script(READ_PAGE_HEADERS);
      @SuppressWarnings("unchecked")
      Map<String, String> headers = (Map<String, String>) alice.awaitScript("return window.pageHeaders;");
      String policy = headers.get("content-security-policy");
      assertTrue(policy.startsWith("default-src 'self'; connect-src 'self' "), policy);
      assertTrue(policy.contains("frame-ancestors 'none'"), policy);
      assertEquals("nosniff", headers.get("x-content-type-options"));
      assertEquals("no-referrer", headers.get("referrer-policy"));
      assertEquals("DENY", headers.get("x-frame-options"));

      alice.script("document.body.setAttribute('style', 'outline: 1px solid red');");
      Object seen = alice.awaitScript("return window.cspViolations.length ? window.cspViolations : null;");
      assertTrue(seen.toString().contains("style-src"), "the watch sees a violation: " + seen);
    }
  }
}
