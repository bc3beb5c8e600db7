package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

/**
 * The workspace settings (invites, members, the name, channels) and the account settings (display
 * name, password) of the web client, as an owner and a user use them; what the server holds
 * afterwards is checked over the wire.
 */
class BrowserWorkspaceSettingsTest {
  private static final int PHONE_WIDTH = 360;
  @RegisterExtension static final WebNode WEB = new WebNode();

  /** Olga owns workspace Acme, Pia is a member, and both are in channel general. */
  private record Team(Accounts.User owner, Accounts.User member, String workspaceId, String general) {}

  private static Team team() {
    Accounts.User owner = Accounts.newUser(WEB.node().httpUrl(), "olga");
    Accounts.User member = Accounts.newUser(WEB.node().httpUrl(), "pia");
    try (WsClient o = WsClient.authenticated(WEB.node().wsUrl(), owner.accessToken());
        WsClient m = WsClient.authenticated(WEB.node().wsUrl(), member.accessToken())) {
      String workspaceId = o.ok("workspace.create", n -> n.put("name", "Acme")).path("workspace").path("id").asText();
      String code = o.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      m.ok("workspace.join", n -> n.put("code", code));
      String general = o.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      m.ok("channel.join", n -> n.put("channelId", general));
      return new Team(owner, member, workspaceId, general);
    }
  }

  private static Browser workspaceSettings(Accounts.User owner) {
    Browser browser = Browser.open(WEB.node().httpUrl(), 1280, 800);
    browser.logIn(owner.username(), "password-" + owner.username());
    browser.chooseFromWorkspaceMenu("workspace-settings");
    browser.awaitText("#settings-title", "Workspace settings: Acme");
    return browser;
  }

  @Test
  void anOwnerCreatesAnInviteWithAUseLimitCopiesItsLinkAndRevokesIt() {
    Team team = team();
    try (Browser owner = workspaceSettings(team.owner());
        WsClient ownerWs = WsClient.authenticated(WEB.node().wsUrl(), team.owner().accessToken())) {
      owner.find("#invite-expiry").sendKeys("7 days");
      owner.type("#invite-max-uses", "3");
      owner.click("#invite-form-create");
      owner.awaitVisible("#invite-new", true);
      String link = owner.value("#invite-new-link");
      assertTrue(link.startsWith(WEB.node().httpUrl() + "/#join="), link);
      String code = URLDecoder.decode(link.substring(link.indexOf("#join=") + 6), StandardCharsets.UTF_8);
      String row = "#invite-rows tr[data-code='" + code + "']";
      owner.awaitText(row + " .invite-uses", "0 of 3");
      owner.click("#invite-new-copy");
      owner.awaitNonEmptyText("#invite-copy-status");
      for (String scheme : List.of("light", "dark")) {
        owner.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(owner, "the workspace settings with a new invite, " + scheme);
      }

      JsonNode invite = invite(ownerWs, team.workspaceId(), code);
      assertEquals(3, invite.path("maxUses").asInt(), invite.toString());
      long lifetime = invite.path("expiresAt").asLong() - invite.path("createdAt").asLong();
      assertEquals(7 * 24 * 3600_000L, lifetime, 60_000L, invite.toString());

      owner.click(row + " .invite-revoke");
      owner.awaitCount(row, 0);
      assertTrue(invite(ownerWs, team.workspaceId(), code).isMissingNode(), "revoked invites are not listed");
      Accounts.User late = Accounts.newUser(WEB.node().httpUrl(), "quinn");
      try (WsClient lateWs = WsClient.authenticated(WEB.node().wsUrl(), late.accessToken())) {
        JsonNode refused = lateWs.request("workspace.join", n -> n.put("code", code));
        assertEquals("this invite was revoked", refused.path("message").asText(), refused.toString());
      }
      owner.assertNoConsoleErrors();
    }
  }

  @Test
  void anOwnerRemovesAMemberOnlyAfterConfirmingAndHandsTheOwnershipOver() {
    Team team = team();
    Accounts.User third = Accounts.newUser(WEB.node().httpUrl(), "rui");
    try (WsClient ownerWs = WsClient.authenticated(WEB.node().wsUrl(), team.owner().accessToken());
        WsClient memberWs = WsClient.authenticated(WEB.node().wsUrl(), team.member().accessToken());
        WsClient thirdWs = WsClient.authenticated(WEB.node().wsUrl(), third.accessToken())) {
      String code = ownerWs.ok("workspace.invite", n -> n.put("workspaceId", team.workspaceId())).path("code").asText();
      thirdWs.ok("workspace.join", n -> n.put("code", code));
      try (Browser owner = workspaceSettings(team.owner())) {
        assertEquals("settings-title", owner.script("return document.activeElement.id;"), "the page's title takes the focus");
        String row = "#member-rows tr[data-name='" + team.member().username() + "']";
        owner.click(row + " .member-remove");
        owner.awaitTextContaining("#dialog-title", "Remove " + team.member().username());
        owner.click("#dialog-cancel");
        owner.awaitVisible("#dialog", false);
        owner.click(row + " .member-remove");
        owner.awaitVisible("#dialog", true);
        assertEquals("dialog-cancel", owner.script("return document.activeElement.id;"), "a destructive step's dialog starts on Cancel");
        Accessibility.assertNoSeriousViolations(owner, "the remove member dialog");
        owner.pressOnFocused(Keys.ESCAPE);
        owner.awaitVisible("#dialog", false);
        assertEquals(true, owner.script("return document.activeElement.classList.contains('member-remove');"), "the focus goes back to the button");
        assertEquals(1, owner.count(row), "cancelled: still a member");
        assertTrue(memberNames(ownerWs, team.workspaceId()).contains(team.member().username()));

        owner.click(row + " .member-remove");
        owner.click("#dialog-confirm");
        owner.awaitCount(row, 0);
        owner.awaitText("#members-status", team.member().username() + " was removed.");
        memberWs.awaitEvent("workspace.removed", d -> d.path("workspaceId").asText().equals(team.workspaceId()));

        String thirdRow = "#member-rows tr[data-name='" + third.username() + "']";
        owner.find(thirdRow + " .member-role").sendKeys("admin");
        owner.awaitCount(thirdRow + "[data-role='admin']", 1);
        owner.click(thirdRow + " .member-transfer");
        owner.awaitTextContaining("#dialog-title", "Make " + third.username() + " the owner");
        Accessibility.assertNoSeriousViolations(owner, "the transfer ownership dialog");
        owner.click("#dialog-confirm");
        owner.awaitCount(thirdRow + "[data-role='owner']", 1);
        owner.awaitCount("#member-rows tr[data-name='" + team.owner().username() + "'][data-role='admin']", 1);
        assertEquals(0, owner.count(".member-role"), "only the owner changes roles");
        owner.assertNoConsoleErrors();
      }
    }
  }

  @Test
  void anOwnerRenamesArchivesAndDeletesAChannelAndRenamesTheWorkspace() {
    Team team = team();
    try (WsClient ownerWs = WsClient.authenticated(WEB.node().wsUrl(), team.owner().accessToken())) {
      ownerWs.ok("channel.create", n -> n.put("workspaceId", team.workspaceId()).put("name", "taken"));
    }
    try (Browser owner = Browser.open(WEB.node().httpUrl(), 1280, 800);
        Browser member = Browser.open(WEB.node().httpUrl(), 1280, 800);
        WsClient memberWs = WsClient.authenticated(WEB.node().wsUrl(), team.member().accessToken())) {
      member.logIn(team.member().username(), "password-" + team.member().username());
      member.click("#channel-list li[data-name='general']");
      member.awaitText("#channel-title", "#general");
      owner.logIn(team.owner().username(), "password-" + team.owner().username());
      owner.click("#channel-list li[data-name='general']");
      owner.chooseFromMenu("#channel-menu", "channel-settings");
      owner.awaitText("#settings-title", "Workspace settings: Acme");
      assertFalse(member.menuItems("#channel-menu").contains("channel-settings"), "a plain member has no channel settings");
      owner.click("#channel-rows tr[data-name='general'] .channel-rename");
      owner.press("#dialog-input", Keys.chord(Keys.CONTROL, "a"), "Not Valid!", Keys.ENTER);
      assertEquals(true, owner.script("return document.getElementById('dialog-input').validity.patternMismatch;"), "the browser holds back a name the server would refuse");
      owner.press("#dialog-input", Keys.chord(Keys.CONTROL, "a"), "taken", Keys.ENTER);
      // The server's refusal shows in the dialog, which stays open for another name.
      owner.awaitNonEmptyText("#dialog-error");
      assertEquals(1, owner.count("#dialog[open]"));
      for (String scheme : List.of("light", "dark")) {
        owner.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(owner, "the rename channel dialog with the server's refusal, " + scheme);
      }
      owner.press("#dialog-input", Keys.chord(Keys.CONTROL, "a"), "launch", Keys.ENTER);
      owner.awaitVisible("#dialog", false);
      String row = "#channel-rows tr[data-name='launch']";
      owner.find(row);
      member.awaitText("#channel-title", "#launch");

      owner.click(row + " .channel-archive");
      owner.awaitText(row + " .channel-state", "archived (read-only)");
      JsonNode refused = memberWs.request("message.post", n -> n.put("channelId", team.general()).put("clientMsgId", UUID.randomUUID().toString()).put("text", "hi"));
      assertEquals("forbidden", refused.path("code").asText(), refused.toString());
      owner.click(row + " .channel-unarchive");
      owner.awaitText(row + " .channel-state", "open");
      memberWs.ok("message.post", n -> n.put("channelId", team.general()).put("clientMsgId", UUID.randomUUID().toString()).put("text", "hi"));

      owner.click(row + " .channel-delete");
      owner.awaitTextContaining("#dialog-title", "Delete #launch");
      // Still in the dark scheme: a destructive button's colours were the weakest there.
      Accessibility.assertNoSeriousViolations(owner, "the delete channel dialog, dark");
      owner.click("#dialog-confirm");
      owner.awaitCount(row, 0);
      memberWs.awaitEvent("channel.deleted", d -> d.path("channelId").asText().equals(team.general()));
      member.awaitCount("#channel-list li[data-name='launch']", 0);

      owner.type("#workspace-rename", "Acme Labs");
      owner.click("#workspace-rename-save");
      owner.awaitText("#settings-title", "Workspace settings: Acme Labs");
      owner.click("#settings-close");
      owner.awaitText("#workspace-name", "Acme Labs");
      owner.assertNoConsoleErrors();
      member.assertNoConsoleErrors();
    }
  }

  @Test
  void aUserChangesTheirDisplayNameAndPasswordAndTheirOtherSessionsEnd() {
    Accounts.User user = Accounts.newUser(WEB.node().httpUrl(), "sam");
    String password = "password-" + user.username();
    try (Browser page = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      page.logIn(user.username(), password);
      page.chooseFromUserMenu("account-settings");
      page.awaitText("#settings-title", "Account settings");
      page.type("#display-name", "Sam the Second");
      page.click("#display-name-save");
      page.awaitTextContaining("#display-name-status", "Saved");

      page.type("#current-password", "not the password");
      page.type("#new-password", "an even better password");
      page.type("#repeat-password", "an even better password");
      page.click("#password-save");
      page.awaitText("#password-error", "the current password is wrong");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "the account settings with a saved name and a refused password, " + scheme);
      }

      page.type("#current-password", password);
      page.type("#new-password", "an even better password");
      page.type("#repeat-password", "an even better password");
      page.click("#password-save");
      page.awaitTextContaining("#password-status", "Your other sessions were logged out");
      page.assertNoConsoleErrors();
      assertEquals(401, refresh(user.refreshToken()).statusCode(), "the other session is over");
      assertEquals(200, refresh(page.storedRefreshToken()).statusCode(), "this one goes on");
    }
    HttpResponse<String> login =
        Accounts.post(WEB.node().httpUrl(), "/v1/auth/login", "{\"username\":\"" + user.username() + "\",\"password\":\"an even better password\"}");
    assertEquals(200, login.statusCode(), login.body());
    try (WsClient ws = WsClient.authenticated(WEB.node().wsUrl(), Accounts.json(login).path("accessToken").asText())) {
      assertEquals("Sam the Second", ws.ok("account.me", n -> {}).path("account").path("displayName").asText());
    }
  }

  @Test
  void aUserChoosesWhatNotifiesThemByDefaultAndInOneChannelAndWhereEmailsGo() {
    Team team = team();
    String password = "password-" + team.member().username();
    try (Browser page = Browser.open(WEB.node().httpUrl(), 1280, 800)) {
      page.logIn(team.member().username(), password);
      page.chooseFromUserMenu("account-settings");
      page.awaitText("#settings-title", "Account settings");
      page.awaitScript("return document.getElementById('notify-level').value === 'mentions' || null;");

      page.find("#notify-level").sendKeys("Every post");
      page.click("#notify-save");
      page.awaitText("#notify-status", "Saved.");
      page.find("#channel-notify-channel").sendKeys("#general");
      page.find("#channel-notify-level").sendKeys("Nothing");
      page.click("#channel-notify-muted");
      page.click("#channel-notify-save");
      page.awaitText("#channel-notify-status", "Saved for #general.");
      page.type("#email-address", "pia@example.org");
      page.click("#email-save");
      page.awaitText("#email-status", "Saved: emails go to pia@example.org.");
      for (String scheme : List.of("light", "dark")) {
        page.colorScheme(scheme);
        Accessibility.assertNoSeriousViolations(page, "the account settings with notifications and email saved, " + scheme);
      }

      // Opened again, the page shows what the server holds.
      page.click("#settings-close");
      page.chooseFromUserMenu("account-settings");
      page.awaitScript("return document.getElementById('notify-level').value === 'all' || null;");
      page.awaitScript("return document.getElementById('email-address').value === 'pia@example.org' || null;");
      assertEquals("nothing", page.value("#channel-notify-level"), "#general's own preference");
      page.assertNoConsoleErrors();
    }
    try (WsClient ws = WsClient.authenticated(WEB.node().wsUrl(), team.member().accessToken())) {
      JsonNode preferences = ws.ok("notify.get", n -> {});
      assertEquals("all", preferences.path("level").asText(), preferences.toString());
      assertFalse(preferences.path("muted").asBoolean(), preferences.toString());
      JsonNode general = preferences.path("channels").get(0);
      assertEquals(team.general(), general.path("channelId").asText(), preferences.toString());
      assertEquals("nothing", general.path("level").asText(), preferences.toString());
      assertTrue(general.path("muted").asBoolean(), preferences.toString());
      assertEquals("pia@example.org", ws.ok("account.me", n -> {}).path("account").path("email").asText());
    }
  }

  @Test
  void theSettingsPagesFitAPhoneAndTheirLinksAreBehindTheMenu() {
    Team team = team();
    try (Browser owner = Browser.open(WEB.node().httpUrl(), PHONE_WIDTH, 800)) {
      owner.logIn(team.owner().username(), "password-" + team.owner().username());
      owner.showSidebar();
      owner.chooseFromWorkspaceMenu("workspace-settings");
      owner.awaitText("#settings-title", "Workspace settings: Acme");
      owner.find("#member-rows tr[data-name='" + team.member().username() + "']");
      owner.find("#invite-rows tr.invite");
      assertEquals(PHONE_WIDTH, owner.contentWidth(), "nothing overflows a 360 px window");
      Accessibility.assertNoSeriousViolations(owner, "the workspace settings, phone");
      owner.showSidebar();
      owner.chooseFromUserMenu("account-settings");
      owner.awaitText("#settings-title", "Account settings");
      assertEquals(PHONE_WIDTH, owner.contentWidth(), "nothing overflows a 360 px window");
      Accessibility.assertNoSeriousViolations(owner, "the account settings, phone");
      owner.assertNoConsoleErrors();
    }
  }

  private static JsonNode invite(WsClient ws, String workspaceId, String code) {
    for (JsonNode invite : ws.ok("workspace.invites", n -> n.put("workspaceId", workspaceId)).path("invites")) {
      if (invite.path("code").asText().equals(code)) return invite;
    }
    return MissingNode.getInstance();
  }

  private static String memberNames(WsClient ws, String workspaceId) {
    return ws.ok("workspace.members", n -> n.put("workspaceId", workspaceId)).path("members").findValuesAsText("username").toString();
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return Accounts.post(WEB.node().httpUrl(), "/v1/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
  }
}
