package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/auth/*} over real HTTP: registration, login, refresh-token rotation, the revocation of
 * a login whose spent refresh token comes back, logout of one login or all of them, errors.
 */
class AuthOverHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestNode node;

  /**
   * No grace for a second spend of the token a rotation just spent (two tabs racing), so that a
   * reuse right after the rotation is treated as what it is here: a copy.
   */
  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("parley.auth.refresh-reuse-grace", "0s"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> post(String path, String body) {
    return Accounts.post(node.httpUrl(), path, body);
  }

  private static HttpResponse<String> refresh(String refreshToken) {
    return post("/v1/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
  }

  /** {@code POST /v1/auth/logout}, with {@code Authorization: Bearer} when {@code bearer} is given. */
  private static HttpResponse<String> logout(String body, String bearer) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/auth/logout"))
            .timeout(WsClient.TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("POST /v1/auth/logout failed", e);
    }
  }

  /** Another login of {@code user}: a refresh token of a family of its own. */
  private static String loginAgain(Accounts.User user) {
    HttpResponse<String> login =
        post("/v1/auth/login", "{\"username\":\"" + user.username() + "\",\"password\":\"password-" + user.username() + "\"}");
    assertEquals(200, login.statusCode(), login.body());
    return Accounts.json(login).path("refreshToken").asText();
  }

  @Test
  void usernamesAreCaseInsensitiveAndTakenOnce() {
    HttpResponse<String> first = post("/v1/auth/register", "{\"username\":\"Zoe.K\",\"password\":\"long enough\"}");
    assertEquals(201, first.statusCode(), first.body());
    HttpResponse<String> again = post("/v1/auth/register", "{\"username\":\"zoe.k\",\"password\":\"other password\"}");
    assertEquals(409, again.statusCode());
    assertEquals("conflict", Accounts.json(again).path("code").asText());
    HttpResponse<String> login = post("/v1/auth/login", "{\"username\":\"ZOE.K\",\"password\":\"long enough\"}");
    assertEquals(200, login.statusCode(), login.body());
    assertEquals(Accounts.json(first).path("userId").asText(), Accounts.json(login).path("userId").asText());
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSame401() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "yann");
    HttpResponse<String> wrong = post("/v1/auth/login", "{\"username\":\"" + user.username() + "\",\"password\":\"wrong password\"}");
    HttpResponse<String> unknown = post("/v1/auth/login", "{\"username\":\"nobody-here\",\"password\":\"wrong password\"}");
    assertEquals(401, wrong.statusCode());
    assertEquals(401, unknown.statusCode());
    assertEquals(wrong.body(), unknown.body());
  }

  @Test
  void badBodiesAreBadRequests() {
    for (String body :
        new String[] {
          "not json", "[]", "{\"username\":\"ab\",\"password\":\"long enough\"}", "{\"username\":\"bad name!\",\"password\":\"long enough\"}",
          "{\"username\":\"okname\",\"password\":\"short\"}", "{\"password\":\"long enough\"}"
        }) {
      HttpResponse<String> response = post("/v1/auth/register", body);
      assertEquals(400, response.statusCode(), body);
      assertEquals("bad_request", Accounts.json(response).path("code").asText(), body);
    }
    assertEquals(413, post("/v1/auth/register", "{\"username\":\"" + "a".repeat(70_000) + "\"}").statusCode());
    assertEquals(404, Accounts.post(node.httpUrl(), "/v1/nothing", "{}").statusCode());
  }

  @Test
  void refreshTokenIsReplacedByItsSuccessorWhichWorks() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "xena");
    HttpResponse<String> refreshed = refresh(user.refreshToken());
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    JsonNode pair = Accounts.json(refreshed);
    assertNotEquals(user.refreshToken(), pair.path("refreshToken").asText());

    HttpResponse<String> next = refresh(pair.path("refreshToken").asText());
    assertEquals(200, next.statusCode(), next.body());

    try (WsClient client = WsClient.authenticated(node.wsUrl(), pair.path("accessToken").asText())) {
      assertEquals(user.userId(), client.authData().path("user").path("id").asText());
    }
  }

  /**
   * A refresh token spent a second time was copied: the login it belongs to is revoked, so the
   * newest token of that login, whoever holds it, is refused too. Other logins carry on.
   */
  @Test
  void aSpentRefreshTokenSpentAgainRevokesItsLoginsNewestTokenToo() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "ursula");
    String otherLogin = loginAgain(user);
    HttpResponse<String> refreshed = refresh(user.refreshToken());
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    String newest = Accounts.json(refreshed).path("refreshToken").asText();

    HttpResponse<String> reused = refresh(user.refreshToken());
    assertEquals(401, reused.statusCode(), reused.body());
    assertEquals("unauthorized", Accounts.json(reused).path("code").asText());
    HttpResponse<String> afterReuse = refresh(newest);
    assertEquals(401, afterReuse.statusCode(), afterReuse.body());

    HttpResponse<String> other = refresh(otherLogin);
    assertEquals(200, other.statusCode(), other.body());
  }

  @Test
  void logoutEndsTheLoginOfTheRefreshTokenAndNoOtherAndMayBeRepeated() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "tess");
    String otherLogin = loginAgain(user);
    HttpResponse<String> refreshed = refresh(user.refreshToken());
    assertEquals(200, refreshed.statusCode(), refreshed.body());
    String newest = Accounts.json(refreshed).path("refreshToken").asText();

    HttpResponse<String> logout = logout("{\"refreshToken\":\"" + newest + "\"}", null);
    assertEquals(204, logout.statusCode(), logout.body());
    assertEquals("", logout.body());

    assertEquals(401, refresh(newest).statusCode());
    assertEquals(204, logout("{\"refreshToken\":\"" + newest + "\"}", null).statusCode());
    assertEquals(204, logout("{\"refreshToken\":\"" + user.refreshToken() + "\"}", null).statusCode());
    HttpResponse<String> other = refresh(otherLogin);
    assertEquals(200, other.statusCode(), other.body());
  }

  @Test
  void logoutWithAnythingButARefreshTokenOfThisDeploymentIsRefused() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "sven");
    String[] parts = user.refreshToken().split("\\.");
    String badlySigned = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    for (String token : new String[] {badlySigned, user.accessToken(), "not-a-token"}) {
      HttpResponse<String> response = logout("{\"refreshToken\":\"" + token + "\"}", null);
      assertEquals(401, response.statusCode(), response.body());
      assertEquals("unauthorized", Accounts.json(response).path("code").asText());
      assertFalse(response.body().contains(token), response.body());
    }
    assertEquals(400, logout("{}", null).statusCode());
    assertEquals(400, logout("{\"all\":true,\"refreshToken\":\"" + user.refreshToken() + "\"}", user.accessToken()).statusCode());
    assertEquals(200, refresh(user.refreshToken()).statusCode());
  }

  @Test
  void logoutEverywhereNeedsTheUsersAccessTokenAndEndsEveryLogin() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "rhea");
    Accounts.User bystander = Accounts.newUser(node.httpUrl(), "rhea-neighbour");
    String secondLogin = loginAgain(user);
    String thirdLogin = loginAgain(user);

    assertEquals(401, logout("{\"all\":true}", null).statusCode());
    assertEquals(401, logout("{\"all\":true}", user.refreshToken()).statusCode());
    HttpResponse<String> logout = logout("{\"all\":true}", user.accessToken());
    assertEquals(204, logout.statusCode(), logout.body());

    for (String login : new String[] {user.refreshToken(), secondLogin, thirdLogin}) {
      assertEquals(401, refresh(login).statusCode());
    }
    assertEquals(204, logout("{\"all\":true}", user.accessToken()).statusCode());
    assertEquals(200, refresh(bystander.refreshToken()).statusCode());
  }

  @Test
  void tokensAreNotInterchangeable() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "wim");
    HttpResponse<String> accessAsRefresh = post("/v1/auth/refresh", "{\"refreshToken\":\"" + user.accessToken() + "\"}");
    assertEquals(401, accessAsRefresh.statusCode());
    try (WsClient client = WsClient.connect(node.wsUrl())) {
      JsonNode reply = client.request("auth", n -> n.put("token", user.refreshToken()));
      assertEquals("unauthorized", reply.path("code").asText());
      assertEquals(4001, client.awaitClose());
    }
  }

  @Test
  void errorsNeverEchoThePassword() {
    HttpResponse<String> response = post("/v1/auth/register", "{\"username\":\"v\",\"password\":\"hunter2-secret\"}");
    assertFalse(response.body().contains("hunter2-secret"));
  }
}
