package dev.parley.node.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.node.authz.Case.Transport;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.WireCodec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what, over the wire (issue 5 item 6): every op for every relation of the caller to
 * what it names ({@link Matrix}), bad tokens, and what must not arrive: events, typing, presence,
 * receipts, call signals and search hits of channels and workspaces the caller may not read.
 *
 * <p>A check that something did not arrive waits for a barrier instead of a while: after the
 * forbidden-to-see thing, the same actor does its counterpart on the same path where the observer
 * may see it; once the observer has that, whatever was sent before it would have arrived too.
 */
class AuthorizationMatrixTest {
  /** This node's token key, so that tokens it would accept in all but one respect can be made. */
  private static final String TOKEN_SECRET = "authorization-matrix-token-secret-0123456789";
  private static final Duration SEARCH_CATCH_UP = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestNode node;
  private static World world;

  @BeforeAll
  static void start() {
    node =
        TestNode.startH2(
            Map.of(
                "parley.auth.token-secret", TOKEN_SECRET,
                "parley.search.poll-interval", "100ms",
                // Who gets what is checked here, not how fast: a busy machine must not turn an answer into unavailable.
                "parley.ask-timeout", "10s"));
    world = new World(node);
    System.out.println("authorization matrix: " + Matrix.cases().size() + " cases");
  }

  @AfterAll
  static void stop() {
    world.close();
    node.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.parley.node.authz.Matrix#cases")
  void answersAsTheContractSays(Case row) {
    Case.Request request = row.request().apply(world);
    JsonNode data;
    String answer;
    if (row.transport() == Transport.SOCKET) {
      JsonNode reply =
          request.caller() == null
              ? beforeAuth(row.op(), request.fields())
              : world.socket(request.caller()).request(row.op(), request.fields());
      answer = reply.path("op").asText().equals("ok") ? Matrix.OK : reply.path("code").asText();
      data = reply.path("data");
      assertEquals(row.expected(), answer, () -> row + ": " + reply);
    } else {
      ApiClient api =
          request.caller() == null
              ? ApiClient.withAuthorization(node.httpUrl(), null)
              : ApiClient.as(node.httpUrl(), request.caller().accessToken());
      HttpResponse<String> response = api.call(row.op(), request.fields());
      data = Accounts.json(response);
      answer = response.statusCode() == 200 ? Matrix.OK : data.path("code").asText();
      assertEquals(row.expected(), answer, () -> row + ": " + response.statusCode() + " " + response.body());
      if (!answer.equals(Matrix.OK)) {
        assertEquals(ErrorCode.fromWire(answer).httpStatus(), response.statusCode(), row::toString);
      }
    }
    if (answer.equals(Matrix.OK)) {
      row.then().accept(world, data);
    }
  }

  private static JsonNode beforeAuth(String op, WsClient.Fields fields) {
    try (WsClient anonymous = WsClient.connect(node.wsUrl())) {
      return anonymous.request(op, fields);
    }
  }

  @Test
  void everyOpOfTheContractHasRows() {
    Set<String> ops = new TreeSet<>(WireCodec.ops());
    ops.removeAll(Set.of("auth", "ping"));
    assertEquals(ops, Matrix.coveredOps());
  }

  /**
   * "A token from another deployment, an expired one, or one signed with another key or
   * {@code alg: none} is unauthorized": on the socket (which then closes with 4001), over HTTP
   * and for search.
   */
  @Test
  void onlyThisDeploymentsValidAccessTokensAreAccepted() throws Exception {
    Accounts.User user = world.member;
    long now = System.currentTimeMillis();
    JWTClaimsSet valid = claims(user, "parley", now + 60_000, "access");
    Map<String, String> tokens =
        Map.of(
            "empty", "",
            "garbage", "not-a-token",
            "a refresh token", user.refreshToken(),
            "alg none", new PlainJWT(valid).serialize(),
            "another key", signed(valid, "another-deployment-secret-0123456789abcdef"),
            "another issuer", signed(claims(user, "elsewhere", now + 60_000, "access"), TOKEN_SECRET),
            "expired", signed(claims(user, "parley", now - 1_000, "access"), TOKEN_SECRET));
    assertEquals(Matrix.OK, world.socket(user).request("ping", n -> {}).path("op").asText(), "the caller itself is fine");
    for (Map.Entry<String, String> token : tokens.entrySet()) {
      try (WsClient socket = WsClient.connect(node.wsUrl())) {
        JsonNode reply = socket.request("auth", n -> n.put("token", token.getValue()));
        assertEquals(Matrix.UNAUTHORIZED, reply.path("code").asText(), token.getKey());
        assertEquals(4001, socket.awaitClose(), token.getKey());
      }
      HttpResponse<String> call = ApiClient.as(node.httpUrl(), token.getValue()).callRaw("ping", "{}");
      assertEquals(401, call.statusCode(), token.getKey());
      assertEquals(401, search(token.getValue(), world.workspace, world.secret).statusCode(), token.getKey());
    }
    assertEquals(401, search(null, world.workspace, world.secret).statusCode(), "no token");
  }

  private static JWTClaimsSet claims(Accounts.User user, String issuer, long expiresAt, String type) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(user.userId())
        .issueTime(new Date(expiresAt - 120_000))
        .expirationTime(new Date(expiresAt))
        .claim("typ", type)
        .claim("usr", user.username())
        .build();
  }

  private static String signed(JWTClaimsSet claims, String secret) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  /**
   * N is in W but not in P, Q or D: their posts, typing and joins, and D's read receipts, reach
   * N's connection no more than a stranger's would.
   */
  @Test
  void aMemberReceivesNothingOfChannelsItIsNotIn() {
    Accounts.User joiner = world.freshMember();
    WsClient member = world.socket(world.member);
    WsClient owner = world.socket(world.owner);
    try (WsClient observer = WsClient.authenticated(node.wsUrl(), world.nonMember.accessToken())) {
      world.post(world.member, world.commons, "is N listening");
      observer.awaitEvent("message.posted", d -> d.path("text").asText().equals("is N listening"));

      for (String channel : List.of(world.privateChannel, world.publicChannel, world.dm)) {
        world.post(world.member, channel, "not for N");
        member.ok("typing", n -> n.put("channelId", channel));
      }
      world.add(world.owner, world.privateChannel, joiner);
      owner.ok("read", n -> n.put("channelId", world.dm).put("seq", world.message(world.dm)));

      world.post(world.member, world.commons, "for N");
      member.ok("typing", n -> n.put("channelId", world.commons));
      world.add(world.owner, world.commons, joiner);
      owner.ok("read", n -> n.put("channelId", world.ownerDmWithNonMember).put("seq", 1));
      observer.awaitEvent("message.posted", d -> in(d, world.commons) && d.path("text").asText().equals("for N"));
      observer.awaitEvent("typing", d -> in(d, world.commons) && by(d, world.member));
      observer.awaitEvent("member.joined", d -> in(d, world.commons) && by(d, joiner));
      observer.awaitEvent("receipt", d -> in(d, world.ownerDmWithNonMember) && by(d, world.owner));

      observer.assertNoFrameMatching(
          about(world.publicChannel, world.privateChannel, world.dm), "N heard of P, Q or D");
    }
  }

  /**
   * X shares no workspace with W's members: none of W's channel events, none of its members'
   * presence, and no call signal that was not sent to X.
   */
  @Test
  void anOutsiderReceivesNothingOfAWorkspaceItIsNotIn() {
    WsClient peer = world.socket(world.outsiderPeer);
    try (WsClient observer = WsClient.authenticated(node.wsUrl(), world.outsider.accessToken())) {
      world.post(world.outsiderPeer, world.otherChannel, "is X listening");
      observer.awaitEvent("message.posted", d -> d.path("text").asText().equals("is X listening"));

      for (String channel : List.of(world.publicChannel, world.privateChannel, world.dm)) {
        world.post(world.member, channel, "not for X");
        world.socket(world.member).ok("typing", n -> n.put("channelId", channel));
      }
      Accounts.User arriving = world.freshMember();
      try (WsClient arrived = WsClient.authenticated(node.wsUrl(), arriving.accessToken())) {
        arrived.ok("presence.set", n -> n.put("status", "dnd"));
        world
            .socket(world.nonMember)
            .awaitEvent("presence", d -> by(d, arriving) && d.path("status").asText().equals("dnd"));
      }
      world
          .socket(world.owner)
          .ok("call.signal", n -> n.put("toUserId", world.member.userId()).put("callId", "for-m").put("kind", "offer"));
      world.socket(world.member).awaitEvent("call.signal", d -> d.path("callId").asText().equals("for-m"));

      world.post(world.outsiderPeer, world.otherChannel, "for X");
      peer.ok("typing", n -> n.put("channelId", world.otherChannel));
      peer.ok("presence.set", n -> n.put("status", "dnd"));
      peer.ok("call.signal", n -> n.put("toUserId", world.outsider.userId()).put("callId", "for-x").put("kind", "offer"));
      observer.awaitEvent("message.posted", d -> in(d, world.otherChannel) && d.path("text").asText().equals("for X"));
      observer.awaitEvent("typing", d -> in(d, world.otherChannel) && by(d, world.outsiderPeer));
      observer.awaitEvent("presence", d -> by(d, world.outsiderPeer) && d.path("status").asText().equals("dnd"));
      observer.awaitEvent("call.signal", d -> d.path("callId").asText().equals("for-x"));

      observer.assertNoFrameMatching(about(world.publicChannel, world.privateChannel, world.dm), "X heard of P, Q or D");
      Set<String> workspaceMembers =
          Set.of(world.owner.userId(), world.admin.userId(), world.member.userId(), world.nonMember.userId(), arriving.userId());
      observer.assertNoFrameMatching(
          f -> event(f, "presence") && workspaceMembers.contains(f.path("data").path("userId").asText()),
          "X saw the presence of W's members");
      observer.assertNoFrameMatching(
          f -> event(f, "call.signal") && !f.path("data").path("callId").asText().equals("for-x"),
          "X got a call signal sent to someone else");
    }
  }

  /**
   * Search covers the channels the caller is in and nothing else: N (in B only) finds B's message
   * but not M's in P, Q or D; X is told W does not exist. O, in all four, shows that the index has
   * caught up with every one of them.
   */
  @Test
  void searchFindsOnlyMessagesOfChannelsTheCallerIsIn() {
    Set<String> all = Set.of(world.publicChannel, world.privateChannel, world.dm, world.commons);
    LocalCluster.awaitCondition(
        () -> hitChannels(world.owner).equals(all), SEARCH_CATCH_UP, "O to find the messages of P, Q, D and B");
    assertEquals(all, hitChannels(world.member), "M is in all four");
    assertEquals(Set.of(world.commons), hitChannels(world.nonMember), "N is in B only");
    assertEquals(Set.of(world.publicChannel), hitChannels(world.admin), "A is in P only");
    HttpResponse<String> outsider = search(world.outsider.accessToken(), world.workspace, world.secret);
    assertEquals(404, outsider.statusCode(), outsider.body());
    assertEquals(Matrix.NOT_FOUND, Accounts.json(outsider).path("code").asText());
  }

  private static Set<String> hitChannels(Accounts.User user) {
    HttpResponse<String> response = search(user.accessToken(), world.workspace, world.secret);
    assertEquals(200, response.statusCode(), response.body());
    Set<String> channels = new TreeSet<>();
    Accounts.json(response).path("hits").forEach(hit -> channels.add(hit.path("channelId").asText()));
    return channels;
  }

  private static HttpResponse<String> search(String token, String workspaceId, String q) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    node.httpUrl()
                        + "/v1/search?workspaceId=" + workspaceId
                        + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
            .timeout(WsClient.TIMEOUT)
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("search failed", e);
    }
  }

  private static boolean event(JsonNode frame, String type) {
    return frame.path("op").asText().equals("event") && frame.path("type").asText().equals(type);
  }

  /** Any event naming one of {@code channels}, as a channel event, signal or {@code channel.added}. */
  private static Predicate<JsonNode> about(String... channels) {
    Set<String> ids = Set.of(channels);
    return f ->
        f.path("op").asText().equals("event")
            && (ids.contains(f.path("data").path("channelId").asText())
                || ids.contains(f.path("data").path("channel").path("id").asText()));
  }

  private static boolean in(JsonNode data, String channel) {
    return data.path("channelId").asText().equals(channel);
  }

  private static boolean by(JsonNode data, Accounts.User user) {
    return data.path("userId").asText().equals(user.userId());
  }
}
