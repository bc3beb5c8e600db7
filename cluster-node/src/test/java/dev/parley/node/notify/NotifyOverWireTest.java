package dev.parley.node.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Notification emails over the wire, into an SMTP server the test starts (GreenMail), from one node
 * whose notify delay is {@link #DELAY}: a mention or a DM post still unread after it is emailed,
 * with the recipient's others of the window in the same email, and an unsubscribe link that works;
 * one read in time, or silenced by the preferences, is not.
 *
 * <p>That an email did not come is shown by one that was sent after it would have been: the
 * notifier sends its recipients in the order their notices fall due, so once a later recipient's
 * email is in, an earlier one's would be too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifyOverWireTest {
  private static final Duration DELAY = Duration.ofSeconds(2);
  /** How long an email may take past the delay: a projection poll and a send, on a busy machine. */
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final Pattern UNSUBSCRIBE = Pattern.compile("(http://\\S+/v1/notify/unsubscribe\\?token=\\S+)");

  private static GreenMail mail;
  private static TestNode node;
  private static Accounts.User administrator;

  /** The node on {@code settings}: on H2 here, on PostgreSQL in a subclass. */
  TestNode startNode(Map<String, Object> settings) {
    return TestNode.startH2(settings);
  }

  @BeforeAll
  void start() {
    mail = new GreenMail(new ServerSetup(ServerSetup.PORT_SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    int httpPort = TestNode.freePort();
    node =
        startNode(
            Map.of(
                "parley.http.port", String.valueOf(httpPort),
                "parley.http.public-url", "http://127.0.0.1:" + httpPort,
                "parley.notify.delay", DELAY.toMillis() + "ms",
                "parley.notify.poll-interval", "100ms",
                "parley.notify.smtp.host", "127.0.0.1",
                "parley.notify.smtp.port", String.valueOf(mail.getSmtp().getPort()),
                "parley.notify.smtp.starttls", "false",
                "parley.notify.smtp.from", "Parley <parley@example.org>",
                "parley.search.poll-interval", "100ms"));
    // The deployment's first account administers it.
    administrator = Accounts.newUser(node.httpUrl(), "admin");
  }

  @AfterAll
  void stop() {
    node.close();
    mail.stop();
  }

  @Test
  void anUnreadMentionIsEmailedOnceWithTheOthersOfItsWindowAndItsUnsubscribeLinkWorks() throws Exception {
    Room room = room("notified");
    Accounts.User bob = room.member("bob");

    long postedAt = System.nanoTime();
    room.post("hello @" + bob.username() + ", a question");
    room.post("@" + bob.username() + " and another one");
    List<MimeMessage> emails = awaitEmailsTo(bob);
    long tookMillis = (System.nanoTime() - postedAt) / 1_000_000;
    System.out.println("Notification email received " + tookMillis + " ms after the first post (delay " + DELAY.toMillis() + " ms)");

    assertEquals(1, emails.size());
    String body = GreenMailUtil.getBody(emails.get(0));
    assertEquals(2, count(body, "mentioned you in #" + room.channelName()), body);
    assertTrue(body.contains("@" + room.owner().username()), "names the author: " + body);
    assertTrue(body.contains("/#" + room.channelId()), "links to the channel: " + body);
    assertTrue(tookMillis >= DELAY.toMillis(), "not before the delay: " + tookMillis + " ms");

    Matcher link = UNSUBSCRIBE.matcher(body);
    assertTrue(link.find(), body);
    HttpResponse<String> unsubscribed =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, unsubscribed.statusCode(), unsubscribed.body());
    assertEquals("nothing", api(bob).ok("notify.get", f -> {}).path("level").asText());
    HttpResponse<String> forged =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(link.group(1) + "x")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, forged.statusCode(), forged.body());

    room.post("@" + bob.username() + " are you there?");
    Accounts.User control = room.member("ctl");
    room.post("@" + control.username() + " ping");
    awaitEmailsTo(control);
    assertEquals(1, emailsTo(bob).size(), "after unsubscribing, bob gets no more");
  }

  @Test
  void aMentionReadInTimeOrSilencedByPreferencesIsNotEmailed() {
    Room room = room("quiet");
    Accounts.User reader = room.member("reader");
    Accounts.User nothing = room.member("nothing");
    Accounts.User muted = room.member("muted");
    api(nothing).ok("notify.set", f -> f.put("level", "nothing"));
    JsonNode mutedPrefs = api(muted).ok("notify.set", f -> f.put("channelId", room.channelId()).put("level", "all").put("muted", true));
    assertEquals(true, mutedPrefs.path("channels").path(0).path("muted").asBoolean(), mutedPrefs.toString());

    long seq = room.post("@" + reader.username() + " @" + nothing.username() + " @" + muted.username() + " standup?");
    api(reader).ok("read", f -> f.put("channelId", room.channelId()).put("seq", seq));
    Accounts.User control = room.member("ctl");
    room.post("@" + control.username() + " ping");

    awaitEmailsTo(control);
    assertEquals(0, emailsTo(reader).size(), "read within the delay");
    assertEquals(0, emailsTo(nothing).size(), "level nothing");
    assertEquals(0, emailsTo(muted).size(), "channel muted");
  }

  @Test
  void aDeactivatedAccountIsNotEmailed() {
    Room room = room("deactivated");
    Accounts.User gone = room.member("gone");
    api(administrator).ok("admin.deactivate", f -> f.put("username", gone.username()));
    room.post("@" + gone.username() + " still there?");
    Accounts.User control = room.member("ctl");
    room.post("@" + control.username() + " ping");

    awaitEmailsTo(control);
    assertEquals(0, emailsTo(gone).size());
  }

  @Test
  void aDirectMessageIsEmailedWithoutAMention() throws Exception {
    Room room = room("direct");
    Accounts.User gina = room.member("gina");
    String dm =
        api(room.owner())
            .ok("dm.open", f -> f.put("workspaceId", room.workspaceId()).putArray("userIds").add(gina.userId()))
            .path("channel")
            .path("id")
            .asText();
    api(room.owner()).ok("message.post", f -> f.put("channelId", dm).put("clientMsgId", "dm-1").put("text", "lunch?"));

    List<MimeMessage> emails = awaitEmailsTo(gina);
    assertEquals(1, emails.size());
    String subject = emails.get(0).getSubject();
    assertTrue(subject.contains("sent you a direct message") && subject.contains(room.owner().username()), subject);
  }

  @Test
  void theAccountShowsItsEmailAndRefusesABadOne() {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "mail");
    assertTrue(api(user).ok("account.me", f -> {}).path("account").path("email").isMissingNode());
    JsonNode set = api(user).ok("account.email.set", f -> f.put("email", "Someone@Example.ORG"));
    assertEquals("Someone@example.org", set.path("account").path("email").asText(), set.toString());
    assertEquals("Someone@example.org", api(user).ok("account.me", f -> {}).path("account").path("email").asText());
    assertEquals(400, api(user).call("account.email.set", f -> f.put("email", "not an address")).statusCode());
    assertEquals("Someone@example.org", api(user).ok("account.me", f -> {}).path("account").path("email").asText());
    assertTrue(api(user).ok("account.email.set", f -> f.put("email", "")).path("account").path("email").isMissingNode());
  }

  /** A workspace with a public channel, made by an owner with an email address. */
  private record Room(Accounts.User owner, String workspaceId, String channelId, String channelName, String code) {
    Accounts.User member(String prefix) {
      Accounts.User member = withEmail(Accounts.newUser(node.httpUrl(), prefix));
      api(member).ok("workspace.join", f -> f.put("code", code));
      api(member).ok("channel.join", f -> f.put("channelId", channelId));
      return member;
    }

    long post(String text) {
      return api(owner)
          .ok("message.post", f -> f.put("channelId", channelId).put("clientMsgId", "m" + System.nanoTime()).put("text", text))
          .path("seq")
          .asLong();
    }
  }

  private static Room room(String channelName) {
    Accounts.User owner = withEmail(Accounts.newUser(node.httpUrl(), "owner"));
    ApiClient api = api(owner);
    String workspaceId = api.ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
    String channelId =
        api.ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", channelName)).path("channel").path("id").asText();
    String code = api.ok("workspace.invite", f -> f.put("workspaceId", workspaceId)).path("code").asText();
    return new Room(owner, workspaceId, channelId, channelName, code);
  }

  private static Accounts.User withEmail(Accounts.User user) {
    api(user).ok("account.email.set", f -> f.put("email", address(user)));
    return user;
  }

  private static String address(Accounts.User user) {
    return user.username() + "@example.org";
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static List<MimeMessage> awaitEmailsTo(Accounts.User user) {
    LocalCluster.awaitCondition(() -> !emailsTo(user).isEmpty(), DELAY.plus(ARRIVAL), "an email to " + user.username());
    return emailsTo(user);
  }

  private static List<MimeMessage> emailsTo(Accounts.User user) {
    return Arrays.stream(mail.getReceivedMessages()).filter(m -> isTo(m, address(user))).toList();
  }

  private static boolean isTo(MimeMessage message, String address) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
