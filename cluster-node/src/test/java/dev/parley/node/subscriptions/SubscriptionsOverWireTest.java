package dev.parley.node.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outgoing event subscriptions over the wire (issue 19), into a receiver the test starts: a
 * workspace admin subscribes a URL, a post in a public channel reaches it signed and with its
 * event id; a receiver that fails gets the same event again; one that always fails has its
 * subscription disabled, listed so and in the audit log, and its creator emailed (into an SMTP
 * server the test starts, GreenMail). A mention of a bot reaches a {@code
 * bot.mentioned} subscription from the channels the bot is in, private ones and DMs too, and no other
 * subscription. Retries here are 100 ms apart at first,
 * and four failures in a row disable a subscription.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionsOverWireTest {
  /** A poll of the dispatcher, a POST and a few retries, on a busy machine. */
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final int DISABLE_AFTER = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Receiver receiver;
  private static GreenMail mail;
  private static TestNode node;
  /** The deployment's first account: an administrator, who reads the audit log. */
  private static Accounts.User root;

  /** The node on {@code settings}: on H2 here, on PostgreSQL in a subclass. */
  TestNode startNode(Map<String, Object> settings) {
    return TestNode.startH2(settings);
  }

  @BeforeAll
  void start() throws Exception {
    receiver = new Receiver();
    mail = new GreenMail(new ServerSetup(ServerSetup.PORT_SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    node =
        startNode(
            Map.ofEntries(
                Map.entry("parley.subscriptions.allow-http-loopback", "true"),
                Map.entry("parley.subscriptions.poll-interval", "100ms"),
                Map.entry("parley.subscriptions.retry.base", "100ms"),
                Map.entry("parley.subscriptions.retry.cap", "400ms"),
                Map.entry("parley.subscriptions.disable-after.failures", String.valueOf(DISABLE_AFTER)),
                Map.entry("parley.subscriptions.disable-after.period", "0s"),
                Map.entry("parley.notify.smtp.host", "127.0.0.1"),
                Map.entry("parley.notify.smtp.port", String.valueOf(mail.getSmtp().getPort())),
                Map.entry("parley.notify.smtp.starttls", "false"),
                Map.entry("parley.notify.smtp.from", "Parley <parley@example.org>")));
    root = Accounts.newUser(node.httpUrl(), "first");
  }

  @AfterAll
  void stop() {
    node.close();
    receiver.close();
    mail.stop();
  }

  /** A workspace with a public channel, its owner (in the channel), an admin and a member. */
  private record Team(String workspaceId, String channelId, Accounts.User owner, Accounts.User admin, Accounts.User member) {}

  private static Team team() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    String workspaceId = api(owner).ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
    String code = api(owner).ok("workspace.invite", f -> f.put("workspaceId", workspaceId)).path("code").asText();
    Accounts.User admin = Accounts.newUser(node.httpUrl(), "admin");
    Accounts.User member = Accounts.newUser(node.httpUrl(), "member");
    for (Accounts.User user : List.of(admin, member)) {
      api(user).ok("workspace.join", f -> f.put("code", code));
    }
    api(owner).ok("workspace.role", f -> f.put("workspaceId", workspaceId).put("userId", admin.userId()).put("role", "admin"));
    String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
    String channelId =
        api(owner).ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", name)).path("channel").path("id").asText();
    return new Team(workspaceId, channelId, owner, admin, member);
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static JsonNode subscribe(Accounts.User by, String workspaceId, String url) {
    return subscribe(by, workspaceId, url, "message.posted");
  }

  private static JsonNode subscribe(Accounts.User by, String workspaceId, String url, String... events) {
    return api(by)
        .ok("subscription.create", f -> {
          f.put("workspaceId", workspaceId).put("url", url);
          var list = f.putArray("events");
          List.of(events).forEach(list::add);
        })
        .path("subscription");
  }

  private static String privateChannel(Accounts.User by, String workspaceId) {
    String name = "private-" + UUID.randomUUID().toString().substring(0, 8);
    return api(by)
        .ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", name).put("private", true))
        .path("channel")
        .path("id")
        .asText();
  }

  /**
   * The next POSTs to {@code path} until each of the events {@code ids} came (a round sends its
   * deliveries at once: they may arrive in any order), with any other that came meanwhile.
   */
  private static List<Receiver.Delivery> deliveriesOf(String path, Set<String> ids) throws Exception {
    List<Receiver.Delivery> deliveries = new ArrayList<>();
    while (!Set.copyOf(ids(deliveries)).containsAll(ids)) {
      Receiver.Delivery delivery = receiver.next(path, ARRIVAL);
      assertEquals(delivery.eventId(), JSON.readTree(delivery.body()).path("id").asText(), "the header names the body's event");
      deliveries.add(delivery);
    }
    return deliveries;
  }

  private static List<String> ids(List<Receiver.Delivery> deliveries) {
    return deliveries.stream().map(Receiver.Delivery::eventId).toList();
  }

  private static long post(Accounts.User by, String channelId, String text) {
    return api(by)
        .ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text))
        .path("seq")
        .asLong();
  }

  private static JsonNode listed(Accounts.User by, String workspaceId, String subscriptionId) {
    JsonNode all = api(by).ok("subscription.list", f -> f.put("workspaceId", workspaceId)).path("subscriptions");
    return StreamSupport.stream(all.spliterator(), false)
        .filter(s -> s.path("id").asText().equals(subscriptionId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(subscriptionId + " is not listed: " + all));
  }

  @Test
  void aPostInAPublicChannelReachesTheReceiverSignedWithItsEventId() throws Exception {
    Team team = team();
    JsonNode subscription = subscribe(team.admin(), team.workspaceId(), receiver.url("/ok", 0));
    String secret = subscription.path("secret").asText();
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, URL-safe: " + secret);
    assertEquals(List.of("message.posted"), List.of(subscription.path("events").get(0).asText()));
    assertEquals("active", subscription.path("status").asText());

    long seq = post(team.owner(), team.channelId(), "deploy #42 done");
    Receiver.Delivery delivery = receiver.next("/ok", ARRIVAL);

    String eventId = team.channelId() + ":" + seq;
    assertEquals(eventId, delivery.eventId());
    assertEquals("application/json", delivery.contentType());
    long timestamp = Long.parseLong(delivery.timestamp());
    assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < ARRIVAL.toSeconds(), "a fresh timestamp: " + timestamp);
    assertEquals(SubscriptionSecret.signature(secret, timestamp, delivery.body()), delivery.signature());
    assertFalse(delivery.signature().equals(SubscriptionSecret.signature("another secret", timestamp, delivery.body())));

    JsonNode body = JSON.readTree(delivery.body());
    assertEquals(eventId, body.path("id").asText());
    assertEquals("message.posted", body.path("type").asText());
    assertEquals(team.workspaceId(), body.path("workspaceId").asText());
    assertEquals(team.channelId(), body.path("channelId").asText());
    assertEquals("deploy #42 done", body.path("data").path("text").asText());
    assertEquals(seq, body.path("data").path("seq").asLong());
    assertEquals(team.owner().userId(), body.path("data").path("author").asText());

    JsonNode listed = listed(team.owner(), team.workspaceId(), subscription.path("id").asText());
    assertTrue(listed.path("secret").isMissingNode(), "the secret is shown once: " + listed);
    assertEquals("active", listed.path("status").asText());
    assertEquals(0, listed.path("failures").asInt());
  }

  @Test
  void aReceiverThatFailsTwiceGetsTheSameEventOnTheThirdAttempt() throws Exception {
    Team team = team();
    subscribe(team.owner(), team.workspaceId(), receiver.url("/flaky", 2));

    long seq = post(team.owner(), team.channelId(), "retried");
    String eventId = team.channelId() + ":" + seq;
    for (int attempt = 1; attempt <= 3; attempt++) {
      Receiver.Delivery delivery = receiver.next("/flaky", ARRIVAL);
      assertEquals(eventId, delivery.eventId(), "attempt " + attempt);
      assertEquals(eventId, JSON.readTree(delivery.body()).path("id").asText(), "attempt " + attempt);
    }
  }

  @Test
  void aReceiverThatAlwaysFailsHasItsSubscriptionDisabledAndTheAdminsTold() throws Exception {
    Team team = team();
    String address = team.admin().username() + "@example.org";
    api(team.admin()).ok("account.email.set", f -> f.put("email", address));
    // A receiver may take a token in its query: the email leaves the query out.
    String url = receiver.url("/down", Integer.MAX_VALUE) + "?token=receivers-own-token";
    JsonNode subscription = subscribe(team.admin(), team.workspaceId(), url);
    String subscriptionId = subscription.path("id").asText();

    post(team.owner(), team.channelId(), "nobody hears this");
    for (int attempt = 1; attempt <= DISABLE_AFTER; attempt++) {
      receiver.next("/down", ARRIVAL);
    }
    awaitStatus(team, subscriptionId, "disabled");
    JsonNode listed = listed(team.owner(), team.workspaceId(), subscriptionId);
    assertEquals(DISABLE_AFTER, listed.path("failures").asInt(), listed.toString());
    assertEquals("HTTP 500", listed.path("lastError").asText());

    JsonNode audit = api(root).ok("admin.audit", f -> f.put("limit", 200)).path("entries");
    assertTrue(
        StreamSupport.stream(audit.spliterator(), false)
            .anyMatch(e -> e.path("action").asText().equals("subscription.disabled") && e.path("target").asText().equals(team.workspaceId())
                && e.path("detail").asText().contains(subscriptionId)),
        "the disabling is not in the audit log: " + audit);

    LocalCluster.awaitCondition(() -> !emailsTo(address).isEmpty(), ARRIVAL, "the email to the subscription's creator");
    List<MimeMessage> emails = emailsTo(address);
    assertEquals(1, emails.size());
    assertEquals("Parley disabled an event subscription you made", emails.get(0).getSubject());
    String body = GreenMailUtil.getBody(emails.get(0));
    assertTrue(body.contains(receiver.url("/down", Integer.MAX_VALUE)), "names the URL: " + body);
    assertTrue(body.contains(subscriptionId), "names the subscription: " + body);
    assertTrue(body.contains("HTTP 500"), "has the last error: " + body);
    assertTrue(body.contains("subscription.enable"), "says how to resume it: " + body);
    assertFalse(body.contains("receivers-own-token"), "not the URL's query: " + body);
    assertFalse(body.contains(subscription.path("secret").asText()), "not the secret: " + body);
    assertEquals(0, emailsTo(team.owner().username() + "@example.org").size(), "the creator only");
  }

  private static List<MimeMessage> emailsTo(String address) {
    return Arrays.stream(mail.getReceivedMessages()).filter(m -> isTo(m, address)).toList();
  }

  private static boolean isTo(MimeMessage message, String address) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void onlyOwnersAndAdminsSubscribe() {
    Team team = team();
    HttpResponse<String> refused =
        api(team.member())
            .call("subscription.create", f -> {
              f.put("workspaceId", team.workspaceId()).put("url", receiver.url("/member", 0));
              f.putArray("events").add("message.posted");
            });
    assertEquals(403, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("forbidden"), refused.body());
    HttpResponse<String> list = api(team.member()).call("subscription.list", f -> f.put("workspaceId", team.workspaceId()));
    assertEquals(403, list.statusCode(), list.body());
  }

  @Test
  void urlsThatAreNotHttpsOrPointIntoTheNetworkAreRefused() {
    Team team = team();
    for (String url : List.of("http://203.0.113.9/hook", "ftp://127.0.0.1/x", "https://10.0.0.7/hook", "https://169.254.169.254/latest", "https://user:pw@127.0.0.1/x")) {
      HttpResponse<String> refused =
          api(team.owner())
              .call("subscription.create", f -> {
                f.put("workspaceId", team.workspaceId()).put("url", url);
                f.putArray("events").add("message.posted");
              });
      assertEquals(400, refused.statusCode(), url + ": " + refused.body());
      assertFalse(refused.body().contains("pw@"), "the refusal does not echo credentials: " + refused.body());
    }
  }

  @Test
  void aRemovedSubscriptionIsNoLongerListed() {
    Team team = team();
    String subscriptionId = subscribe(team.admin(), team.workspaceId(), receiver.url("/removed", 0)).path("id").asText();
    api(team.admin()).ok("subscription.remove", f -> f.put("workspaceId", team.workspaceId()).put("subscriptionId", subscriptionId));
    JsonNode all = api(team.owner()).ok("subscription.list", f -> f.put("workspaceId", team.workspaceId())).path("subscriptions");
    assertEquals(0, all.size(), all.toString());
    HttpResponse<String> again =
        api(team.admin()).call("subscription.remove", f -> f.put("workspaceId", team.workspaceId()).put("subscriptionId", subscriptionId));
    assertEquals(404, again.statusCode(), again.body());
  }

  @Test
  void aMentionOfABotReachesTheReceiverFromTheChannelsAndDmsTheBotIsIn() throws Exception {
    Team team = team();
    String botId = api(team.owner()).ok("bot.create", f -> f.put("workspaceId", team.workspaceId()).put("name", "helper")).path("bot").path("id").asText();
    String withBot = privateChannel(team.owner(), team.workspaceId());
    String withoutBot = privateChannel(team.owner(), team.workspaceId());
    for (String channelId : List.of(withBot, team.channelId())) {
      api(team.owner()).ok("channel.add", f -> f.put("channelId", channelId).put("userId", botId));
    }
    String secret = subscribe(team.admin(), team.workspaceId(), receiver.url("/mentions", 0), "bot.mentioned").path("secret").asText();
    subscribe(team.admin(), team.workspaceId(), receiver.url("/posts-only", 0), "message.posted");

    post(team.owner(), withoutBot, "@helper you are not in here");
    long inPrivate = post(team.owner(), withBot, "@helper deploy the private build");
    long inPublic = post(team.owner(), team.channelId(), "@helper and @" + team.member().username() + " look");
    String dm =
        api(team.member())
            .ok("dm.open", f -> {
              f.put("workspaceId", team.workspaceId());
              f.putArray("userIds").add(botId);
            })
            .path("channel")
            .path("id")
            .asText();
    long inDm = post(team.member(), dm, "@helper status?");
    String privateId = withBot + ":" + inPrivate + ":" + botId;
    String publicId = team.channelId() + ":" + inPublic + ":" + botId;
    String dmId = dm + ":" + inDm + ":" + botId;
    List<Receiver.Delivery> mentions = new ArrayList<>(deliveriesOf("/mentions", Set.of(privateId, publicId, dmId)));
    // Posted once those came, so sent in a later round than anything queued with them.
    long last = post(team.owner(), withBot, "@helper last one");
    String lastId = withBot + ":" + last + ":" + botId;
    mentions.addAll(deliveriesOf("/mentions", Set.of(lastId)));
    assertEquals(List.of(lastId), ids(mentions).subList(3, mentions.size()), "nothing from the channel without the bot: " + ids(mentions));
    assertEquals(Set.of(privateId, publicId, dmId), Set.copyOf(ids(mentions).subList(0, 3)));
    Receiver.Delivery delivery = mentions.stream().filter(d -> d.eventId().equals(privateId)).findFirst().orElseThrow();
    assertEquals(SubscriptionSecret.signature(secret, Long.parseLong(delivery.timestamp()), delivery.body()), delivery.signature());
    JsonNode body = JSON.readTree(delivery.body());
    assertEquals("bot.mentioned", body.path("type").asText());
    assertEquals(team.workspaceId(), body.path("workspaceId").asText());
    assertEquals(withBot, body.path("channelId").asText());
    assertEquals(botId, body.path("bot").path("userId").asText());
    assertEquals("helper", body.path("bot").path("name").asText());
    assertEquals("@helper deploy the private build", body.path("data").path("text").asText());
    assertEquals(inPrivate, body.path("data").path("seq").asLong());
    assertEquals(team.owner().userId(), body.path("data").path("author").asText());
    assertEquals(botId, body.path("data").path("mentions").get(0).asText());

    String publicPostId = team.channelId() + ":" + inPublic;
    List<Receiver.Delivery> posts = new ArrayList<>(deliveriesOf("/posts-only", Set.of(publicPostId)));
    long unmentioned = post(team.owner(), team.channelId(), "no mention");
    posts.addAll(deliveriesOf("/posts-only", Set.of(team.channelId() + ":" + unmentioned)));
    assertEquals(List.of(publicPostId, team.channelId() + ":" + unmentioned), ids(posts), "message.posted only, of the public channel");
    for (Receiver.Delivery post : posts) {
      JsonNode posted = JSON.readTree(post.body());
      assertEquals("message.posted", posted.path("type").asText());
      assertTrue(posted.path("bot").isMissingNode(), post.body());
    }
  }

  @Test
  void aDisabledSubscriptionResumedIsSentWhatIsPostedFromThenOn() throws Exception {
    Team team = team();
    String subscriptionId = subscribe(team.owner(), team.workspaceId(), receiver.url("/resumed", DISABLE_AFTER)).path("id").asText();
    post(team.owner(), team.channelId(), "fails until disabled");
    for (int attempt = 1; attempt <= DISABLE_AFTER; attempt++) {
      receiver.next("/resumed", ARRIVAL);
    }
    awaitStatus(team, subscriptionId, "disabled");
    post(team.owner(), team.channelId(), "posted while disabled");

    HttpResponse<String> byMember =
        api(team.member()).call("subscription.enable", f -> f.put("workspaceId", team.workspaceId()).put("subscriptionId", subscriptionId));
    assertEquals(403, byMember.statusCode(), byMember.body());
    HttpResponse<String> unknown = api(team.admin()).call("subscription.enable", f -> f.put("workspaceId", team.workspaceId()).put("subscriptionId", "s-unknown"));
    assertEquals(404, unknown.statusCode(), unknown.body());

    JsonNode resumed =
        api(team.admin()).ok("subscription.enable", f -> f.put("workspaceId", team.workspaceId()).put("subscriptionId", subscriptionId)).path("subscription");
    assertEquals("active", resumed.path("status").asText(), resumed.toString());
    assertEquals(0, resumed.path("failures").asInt(), resumed.toString());
    assertTrue(resumed.path("secret").isMissingNode(), resumed.toString());
    JsonNode again =
        api(team.owner()).ok("subscription.enable", f -> f.put("workspaceId", team.workspaceId()).put("subscriptionId", subscriptionId)).path("subscription");
    assertEquals("active", again.path("status").asText(), "enabling an active one changes nothing: " + again);

    long after = post(team.owner(), team.channelId(), "posted after the resume");
    Receiver.Delivery delivery = receiver.next("/resumed", ARRIVAL);
    assertEquals(team.channelId() + ":" + after, delivery.eventId(), "neither the dropped nor the disabled-time post is sent");
    assertEquals("posted after the resume", JSON.readTree(delivery.body()).path("data").path("text").asText());
    assertEquals("active", listed(team.owner(), team.workspaceId(), subscriptionId).path("status").asText());

    JsonNode audit = api(root).ok("admin.audit", f -> f.put("limit", 200)).path("entries");
    long enabled =
        StreamSupport.stream(audit.spliterator(), false)
            .filter(e -> e.path("action").asText().equals("subscription.enabled") && e.path("target").asText().equals(team.workspaceId()))
            .filter(e -> e.path("detail").asText().contains(subscriptionId) && e.path("actorId").asText().equals(team.admin().userId()))
            .count();
    assertEquals(1, enabled, "one entry, for the resume that changed something: " + audit);
  }

  private static void awaitStatus(Team team, String subscriptionId, String status) throws InterruptedException {
    JsonNode listed = listed(team.owner(), team.workspaceId(), subscriptionId);
    long deadline = System.nanoTime() + ARRIVAL.toNanos();
    while (!listed.path("status").asText().equals(status) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      listed = listed(team.owner(), team.workspaceId(), subscriptionId);
    }
    assertEquals(status, listed.path("status").asText(), listed.toString());
  }

  @Test
  void anUnknownEventTypeIsRefused() {
    Team team = team();
    HttpResponse<String> refused =
        api(team.owner())
            .call("subscription.create", f -> {
              f.put("workspaceId", team.workspaceId()).put("url", receiver.url("/unknown", 0));
              f.putArray("events").add("bot.mentioned").add("bot.joined");
            });
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("bad_request"), refused.body());
  }
}
