package dev.parley.node.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.ClusterCertificates;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries to {@code https} receivers: two receivers on 127.0.0.1. The first has a certificate
 * an internal CA issued (scripts/cluster-certs.sh, with the address as its subject alternative
 * name), a CA the node trusts through {@code parley.subscriptions.trust-store}; the second a
 * self-signed one the node does not know, so it is never sent an event: each attempt fails in the
 * TLS handshake and is retried, as any failed delivery is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsReceiversOverWireTest {
  /** A poll of the dispatcher, a POST and a few retries, on a busy machine. */
  private static final Duration ARRIVAL = Duration.ofSeconds(30);
  private static final String HOST = "127.0.0.1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path certificates;

  private static Receiver trusted;
  private static Receiver untrusted;
  private static TestNode node;

  @BeforeAll
  void start() throws Exception {
    Path ours = certificates.resolve("ours");
    Path theirs = certificates.resolve("theirs");
    ClusterCertificates.make(ours, HOST);
    ClusterCertificates.selfSigned(theirs, HOST);
    trusted = new Receiver(serverTls(ours));
    untrusted = new Receiver(serverTls(theirs));
    node =
        TestNode.startH2(
            Map.of(
                // Loopback receivers: this lets the address through, not plain http.
                "parley.subscriptions.allow-http-loopback", "true",
                "parley.subscriptions.poll-interval", "100ms",
                "parley.subscriptions.retry.base", "100ms",
                "parley.subscriptions.retry.cap", "400ms",
                "parley.subscriptions.trust-store.path", ours.resolve("truststore.p12").toString(),
                "parley.subscriptions.trust-store.password", Files.readString(ours.resolve("truststore.password")).strip()));
  }

  @AfterAll
  void stop() {
    node.close();
    trusted.close();
    untrusted.close();
  }

  /** The key and certificate chain of {@code dir}'s receiver. */
  private static SSLContext serverTls(Path dir) throws Exception {
    char[] password = Files.readString(dir.resolve(HOST + ".password")).strip().toCharArray();
    KeyStore keys = KeyStore.getInstance(dir.resolve(HOST + ".p12").toFile(), password);
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    return tls;
  }

  /** A workspace with a public channel, and its owner. */
  private record Team(String workspaceId, String channelId, Accounts.User owner) {}

  private static Team team() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "owner");
    String workspaceId = api(owner).ok("workspace.create", f -> f.put("name", "Team")).path("workspace").path("id").asText();
    String name = "events-" + UUID.randomUUID().toString().substring(0, 8);
    String channelId =
        api(owner).ok("channel.create", f -> f.put("workspaceId", workspaceId).put("name", name)).path("channel").path("id").asText();
    return new Team(workspaceId, channelId, owner);
  }

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static JsonNode subscribe(Team team, String url) {
    return api(team.owner())
        .ok("subscription.create", f -> {
          f.put("workspaceId", team.workspaceId()).put("url", url);
          f.putArray("events").add("message.posted");
        })
        .path("subscription");
  }

  private static JsonNode listed(Team team, String subscriptionId) {
    JsonNode all = api(team.owner()).ok("subscription.list", f -> f.put("workspaceId", team.workspaceId())).path("subscriptions");
    return StreamSupport.stream(all.spliterator(), false)
        .filter(s -> s.path("id").asText().equals(subscriptionId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(subscriptionId + " is not listed: " + all));
  }

  private static long post(Team team, String text) {
    return api(team.owner())
        .ok("message.post", f -> f.put("channelId", team.channelId()).put("clientMsgId", UUID.randomUUID().toString()).put("text", text))
        .path("seq")
        .asLong();
  }

  @Test
  void aReceiverWhoseCertificateTheTrustStoreVouchesForGetsTheEventSigned() throws Exception {
    Team team = team();
    JsonNode subscription = subscribe(team, trusted.url("/trusted", 0));
    assertTrue(subscription.path("url").asText().startsWith("https://"), subscription.toString());

    long seq = post(team, "over TLS");
    Receiver.Delivery delivery = trusted.next("/trusted", ARRIVAL);

    assertEquals(team.channelId() + ":" + seq, delivery.eventId());
    assertEquals("over TLS", JSON.readTree(delivery.body()).path("data").path("text").asText());
    String secret = subscription.path("secret").asText();
    assertEquals(SubscriptionSecret.signature(secret, Long.parseLong(delivery.timestamp()), delivery.body()), delivery.signature());
    assertEquals(0, listed(team, subscription.path("id").asText()).path("failures").asInt());
  }

  @Test
  void aReceiverWithACertificateOfAnUnknownAuthorityIsNotSentTheEventAndItIsRetried() {
    Team team = team();
    String subscriptionId = subscribe(team, untrusted.url("/untrusted", 0)).path("id").asText();

    post(team, "not for strangers");
    LocalCluster.awaitCondition(() -> listed(team, subscriptionId).path("failures").asInt() >= 3, ARRIVAL, "three failed attempts");

    JsonNode listed = listed(team, subscriptionId);
    assertEquals("active", listed.path("status").asText(), "retried, not disabled yet: " + listed);
    assertTrue(listed.path("lastError").asText().contains("SSLHandshakeException"), listed.toString());
    assertEquals(0, untrusted.attempts("/untrusted"), "no request got past the handshake");
  }
}
