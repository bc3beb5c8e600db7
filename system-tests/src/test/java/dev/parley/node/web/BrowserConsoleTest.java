package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The System console of the web client, as a deployment administrator uses it: listing and finding
 * accounts with their status, deactivating an account (its open page is logged out at once),
 * resetting a password (the token is shown once, and spent on the log-in page), setting the
 * registration mode, the audit log listing these; nobody else sees the console.
 */
class BrowserConsoleTest {
  private static final String ADMIN = "root";
  private static final String ADMIN_PASSWORD = "root-password";
  /** The console's audit page (settings-actions.js). */
  private static final int AUDIT_PAGE = 50;
  @RegisterExtension static final WebNode WEB = new WebNode(Map.of("parley.auth.bootstrap-admin", ADMIN));

  /** The deployment's administrator (PARLEY_BOOTSTRAP_ADMIN), registered once per class. */
  private static synchronized void ensureAdmin() {
    HttpResponse<String> registered =
        Accounts.postRetryingUnavailable(
            WEB.node().httpUrl(), "/v1/auth/register", "{\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
    assertTrue(registered.statusCode() == 201 || registered.statusCode() == 409, registered.body());
  }

  private static Browser loggedIn(String username, String password) {
    Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800);
    browser.logIn(username, password);
    return browser;
  }

  private static Browser console() {
    ensureAdmin();
    Browser admin = loggedIn(ADMIN, ADMIN_PASSWORD);
    admin.chooseFromUserMenu("system-console");
    admin.awaitText("#settings-title", "System console");
    return admin;
  }

  private static HttpResponse<String> login(String username, String password) {
    return Accounts.post(WEB.node().httpUrl(), "/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }

  /** The console's row for an account, found by typing its whole username. */
  private static String accountRow(Browser admin, String username) {
    admin.type("#account-search", username);
    String row = "#account-rows tr[data-name='" + username + "']";
    admin.find(row);
    return row;
  }

  @Test
  void anAdministratorDeactivatesAUserWhoseOpenPageIsLoggedOutAndTheAuditLogSaysSo() {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "dora");
    try (Browser page = loggedIn(user.username(), "password-" + user.username());
        Browser admin = console()) {
      page.find("#composer");
      String row = accountRow(admin, user.username());
      admin.click(row + " .account-deactivate");
      admin.awaitTextContaining("#dialog-title", "Deactivate " + user.username());
      Accessibility.assertNoSeriousViolations(admin, "the deactivate account dialog");
      admin.click("#dialog-confirm");
      admin.awaitVisible("#dialog", false);
      admin.awaitText("#accounts-status", user.username() + " is deactivated.");

      page.awaitVisible("#login", true);
      page.awaitVisible("#app", false);
      page.awaitText("#login-error", "this account is deactivated");
      page.logInExpectingError(user.username(), "password-" + user.username(), "this account is deactivated");

      String entry = "#audit-rows tr[data-action='admin.deactivate']";
      admin.awaitText(entry + " .audit-target", user.username());
      assertEquals(ADMIN, admin.find(entry + " .audit-who").getText());
      for (String scheme : List.of("light", "dark")) {
        admin.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(admin, "the system console with a deactivated account, " + scheme);
      }

      admin.click(row + " .account-reactivate");
      admin.awaitText("#accounts-status", user.username() + " is active again.");
      admin.awaitText("#audit-rows tr:first-child .audit-action", "admin.reactivate");
      page.logIn(user.username(), "password-" + user.username());
      page.find("#composer");
      admin.assertNoConsoleErrors();
    }
  }

  @Test
  void anAdministratorCreatesAnAccountResetsItsPasswordAndTheTokenIsShownOnceAndWorksOnTheLogInPage() {
    String username = "emil" + System.nanoTime() % 1_000_000;
    try (Browser admin = console()) {
      admin.type("#create-username", username);
      admin.type("#create-password", "emil's first password");
      admin.type("#create-display-name", "Emil");
      admin.click("#create-account");
      admin.awaitText("#create-account-status", "Account " + username + " created.");
      admin.awaitText("#audit-rows tr:first-child .audit-action", "admin.create");
      assertEquals(200, login(username, "emil's first password").statusCode());

      // Typing his whole name gives his row at once, listed or not yet.
      String row = accountRow(admin, username);
      assertEquals(username, admin.find(row + " .account-username").getText());
      admin.click(row + " .account-reset");
      admin.awaitVisible("#reset-result", true);
      String token = admin.value("#reset-result-token");
      assertFalse(token.isBlank());
      admin.awaitTextContaining("#reset-result-note", "shown only now");
      Accessibility.assertNoSeriousViolations(admin, "the system console showing a reset token");
      admin.awaitText("#audit-rows tr:first-child .audit-action", "admin.reset");
      assertEquals(username, admin.find("#audit-rows tr:first-child .audit-target").getText());

      admin.click("#reset-result-done");
      admin.awaitVisible("#reset-result", false);
      assertEquals("", admin.script("return document.getElementById('reset-result-token').value;"));
      admin.click("#settings-close");
      admin.awaitVisible("#settings", false);
      admin.chooseFromUserMenu("system-console");
      admin.awaitText("#settings-title", "System console");
      admin.awaitVisible("#reset-result", false);
      assertFalse(((String) admin.script("return document.documentElement.outerHTML + document.getElementById('reset-result-token').value;")).contains(token),
          "the token is gone from the page once dismissed");

      try (Browser page = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
        page.click("#reset-details summary");
        page.type("#reset-username", username);
        page.type("#reset-token-input", token);
        page.type("#reset-password", "a brand new password");
        page.click("#reset-submit");
        page.awaitTextContaining("#reset-status", "Password set");
        page.logIn(username, "a brand new password");
        page.find("#composer");
        page.assertNoConsoleErrors();
      }
      admin.assertNoConsoleErrors();
    }
  }

  @Test
  void theAuditLogShowsItsNewestPageFirstAndPagesBack() {
    ensureAdmin();
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "ivo");
    String rootToken = Accounts.json(login(ADMIN, ADMIN_PASSWORD)).path("accessToken").asText();
    try (WsClient root = WsClient.authenticated(WEB.node().wsUrl(), rootToken)) {
      for (int i = 0; i < AUDIT_PAGE + 5; i++) {
        root.ok(i % 2 == 0 ? "admin.grant" : "admin.revoke", n -> n.put("username", user.username()));
      }
    }
    try (Browser admin = console()) {
      admin.awaitCount("#audit-rows tr", AUDIT_PAGE);
      long newest = seqOf(admin, "#audit-rows tr:first-child");
      long lastOfFirstPage = seqOf(admin, "#audit-rows tr:last-child");
      assertTrue(newest > lastOfFirstPage, "newest first");
      assertEquals("admin.grant", admin.find("#audit-rows tr:first-child .audit-action").getText());
      assertEquals(user.username(), admin.find("#audit-rows tr:first-child .audit-target").getText());

      admin.click("#audit-older");
      admin.awaitScript("return +document.querySelector('#audit-rows tr:first-child').dataset.seq < " + lastOfFirstPage + " ? true : null;");
      assertTrue(seqOf(admin, "#audit-rows tr:first-child") > seqOf(admin, "#audit-rows tr:last-child"), "newest first");
      admin.click("#audit-newest");
      admin.awaitScript("return +document.querySelector('#audit-rows tr:first-child').dataset.seq === " + newest + " ? true : null;");
      admin.assertNoConsoleErrors();
    }
  }

  @Test
  void theConsoleListsAccountsByPrefixWithTheirStatusAPageAtATime() {
    String prefix = "lst" + System.nanoTime() % 100_000;
    Accounts.User kept = Accounts.newUser(WEB.node().httpUrl(), prefix + "a");
    Accounts.User gone = Accounts.newUser(WEB.node().httpUrl(), prefix + "b");
    ensureAdmin();
    String rootToken = Accounts.json(login(ADMIN, ADMIN_PASSWORD)).path("accessToken").asText();
    try (WsClient root = WsClient.authenticated(WEB.node().wsUrl(), rootToken)) {
      root.ok("admin.deactivate", n -> n.put("username", gone.username()));
    }
    try (Browser admin = console()) {
      String goneStatus = "#account-rows tr[data-name='" + gone.username() + "'] .account-status";
      admin.type("#account-search", prefix);
      admin.awaitCount("#account-rows tr", 2);
      admin.repeatUntilTextContaining(() -> admin.type("#account-search", prefix), goneStatus, "deactivated");
      assertEquals(
          List.of(kept.username(), gone.username()),
          admin.script("return [...document.querySelectorAll('#account-rows tr')].map((row) => row.dataset.name);"));
      assertEquals("active", admin.find("#account-rows tr[data-name='" + kept.username() + "'] .account-status").getText());
      assertEquals(0, admin.count("#account-rows tr[data-name='" + gone.username() + "'] .account-deactivate"), "no Deactivate for a deactivated account");
      assertEquals(1, admin.count("#account-rows tr[data-name='" + gone.username() + "'] .account-reactivate"));

      admin.script("const s = document.getElementById('account-search'); s.value = ''; s.dispatchEvent(new Event('input'));");
      admin.awaitScript("return document.querySelectorAll('#account-rows tr').length > 2 ? true : null;");
      assertTrue((Boolean) admin.script("return document.getElementById('accounts-next').disabled;"), "fewer accounts than a page");
      admin.assertNoConsoleErrors();
    }
  }

  @Test
  void anAdministratorClosesRegistrationFromTheConsole() {
    try (Browser admin = console()) {
      admin.awaitTextContaining("#registration-source", "Now open");
      try {
        admin.script("document.getElementById('registration-mode').value = 'closed';");
        admin.click("#registration-set");
        admin.awaitText("#registration-status", "Registration is closed now.");
        admin.awaitTextContaining("#registration-source", "set by an administrator");
        HttpResponse<String> refused =
            Accounts.post(WEB.node().httpUrl(), "/v1/auth/register", "{\"username\":\"walkin\",\"password\":\"walkin-password\"}");
        assertEquals(403, refused.statusCode(), refused.body());
        admin.awaitText("#audit-rows tr:first-child .audit-action", "admin.registration.set");
      } finally {
        admin.script("document.getElementById('registration-mode').value = 'open';");
        admin.click("#registration-set");
        admin.awaitText("#registration-status", "Registration is open now.");
      }
      admin.assertNoConsoleErrors();
    }
  }

  private static long seqOf(Browser browser, String css) {
    return Long.parseLong(browser.find(css).getAttribute("data-seq"));
  }

  @Test
  void onlyAdministratorsSeeTheConsoleAndOnlyOwnersAndAdminsTheWorkspaceSettings() {
    Accounts.User owner = Accounts.newUser(WEB.node().httpUrl(), "fern");
    Accounts.User member = Accounts.newUser(WEB.node().httpUrl(), "gil");
    try (WsClient ownerWs = WsClient.authenticated(WEB.node().wsUrl(), owner.accessToken());
        WsClient memberWs = WsClient.authenticated(WEB.node().wsUrl(), member.accessToken())) {
      String workspaceId = ownerWs.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String code = ownerWs.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      memberWs.ok("workspace.join", n -> n.put("code", code));
    }
    try (Browser admin = console();
        Browser ownerPage = loggedIn(owner.username(), "password-" + owner.username());
        Browser memberPage = loggedIn(member.username(), "password-" + member.username())) {
      admin.awaitSignedInAs(ADMIN);
      admin.awaitMenuItem("#user-menu", "system-console", true);
      ownerPage.awaitMenuItem("#workspace-menu", "workspace-settings", true);
      // Whether the user administers the deployment is known with the account, once it shows.
      ownerPage.awaitSignedInAs(owner.username());
      memberPage.awaitSignedInAs(member.username());
      for (Browser page : new Browser[] {ownerPage, memberPage}) {
        page.awaitMenuItem("#user-menu", "system-console", false);
        assertEquals(0, page.count("#settings:not([hidden])"));
      }
      memberPage.awaitMenuItem("#workspace-menu", "workspace-settings", false);
      memberPage.chooseFromUserMenu("account-settings");
      memberPage.awaitText("#settings-title", "Account settings");
      memberPage.awaitVisible("#console-page", false);
      memberPage.assertNoConsoleErrors();
      ownerPage.assertNoConsoleErrors();
    }
  }
}
