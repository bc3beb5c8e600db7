package dev.parley.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.PostChecker;
import dev.parley.node.testing.Receiver;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.Traffic;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.testing.PostgresTestServer;
import dev.parley.protocol.Limits;
import dev.parley.protocol.WireCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against one running node with the contract's rate limits: random and mutated
 * frames from {@link HostileFrames}, each batch on a fresh authenticated connection, each answer
 * checked by {@link HostileClient}. Meanwhile one user posts to a channel and a bystander listens
 * there; afterwards the bystander must have every post exactly once and in order, without having
 * lost its connection, and the node must not have logged a single error.
 *
 * <p>The node journals to PostgreSQL, as a clustered deployment does: it is stricter than H2 about
 * what text it stores (no NUL), so hostile ids that reach the journal show up here.
 */
class FrameFuzzTest {
  private static final int TRIES = 300;
  /** Ten posts a second: a polite client, under the contract's 20 requests per second. */
  private static final Duration POST_INTERVAL = Duration.ofMillis(100);
  private static final long CATCH_UP_SECONDS = 30;
  /** The contract's per-connection rate limit is under test; registering the test's users is not. */
  private static final Map<String, Object> CONNECTION_LIMITS =
      TestNode.CONTRACT_LIMITS.entrySet().stream()
          .filter(limit -> limit.getKey().startsWith("parley.connection."))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

  private static LogCapture errors;
  private static TestNode node;
  private static Targets targets;
  private static HostileFrames frames;
  private static Accounts.User bystander;
  private static Traffic poster;
  private static Receiver listener;
  private static final Tally tally = new Tally();

  @BeforeContainer
  static void start() {
    errors = LogCapture.attach(Level.ERROR);
    node = TestNode.startOn(PostgresTestServer.freshDatabase(), CONNECTION_LIMITS);
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "poster");
    bystander = Accounts.newUser(node.httpUrl(), "bystander");
    Accounts.User fuzzer = Accounts.newUser(node.httpUrl(), "fuzzer");
    try (WsClient o = WsClient.authenticated(node.wsUrl(), owner.accessToken());
        WsClient b = WsClient.authenticated(node.wsUrl(), bystander.accessToken());
        WsClient f = WsClient.authenticated(node.wsUrl(), fuzzer.accessToken())) {
      String workspaceId = o.ok("workspace.create", n -> n.put("name", "Fuzzed")).path("workspace").path("id").asText();
      String code = o.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
      String channelId =
          o.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "general")).path("channel").path("id").asText();
      b.ok("workspace.join", n -> n.put("code", code));
      b.ok("channel.join", n -> n.put("channelId", channelId));
      f.ok("workspace.join", n -> n.put("code", code));
      targets =
          new Targets(workspaceId, channelId, List.of(owner.userId(), bystander.userId(), fuzzer.userId()), code, fuzzer.accessToken());
    }
    frames = new HostileFrames(targets, WireCodec.ops(), Limits.DEFAULTS.maxFrameBytes());
    listener = new Receiver(bystander, List.of(targets.channelId()), attempt -> node.wsUrl(), 0).start();
    poster = new Traffic(List.of(owner), List.of(targets.channelId()), attempt -> node.wsUrl(), POST_INTERVAL).start();
  }

  @AfterContainer
  static void stop() {
    listener.close();
    errors.close();
    node.close();
  }

  @Property(tries = TRIES)
  void everyHostileInputGetsTheContractsAnswerOrCloseCode(@ForAll("batches") Batch batch) {
    int mark = errors.mark();
    try (HostileClient client = HostileClient.open(URI.create(node.httpUrl()).getPort(), targets.token(), tally)) {
      client.run(batch);
    }
    assertEquals(List.of(), errors.eventsSince(mark), "the node logged errors for client input");
  }

  @Provide
  Arbitrary<Batch> batches() {
    return frames.batches();
  }

  @AfterProperty
  void theBystanderAndTheNodeWereUnaffected() {
    long bystanderLost = listener.reconnects();
    long posterLost = poster.reconnects();
    poster.close();
    System.out.println(tally);
    try (WsClient reader = WsClient.authenticated(node.wsUrl(), bystander.accessToken())) {
      reader.ok("ping", n -> {});
      PostChecker.Result posts = PostChecker.check(reader, List.of(targets.channelId()), poster.acks());
      assertTrue(posts.acked() > 0, "the poster posted during the run");
      assertTrue(posts.clean(), posts::toString);
      listener.awaitCaughtUp(posts.heads(), CATCH_UP_SECONDS);
    }
    assertEquals(List.of(), listener.violations(), "the bystander's events, exactly once and in order");
    assertEquals(0, bystanderLost, "the bystander's connection was never lost");
    assertEquals(0, posterLost, "the poster's connection was never lost");
    assertEquals(List.of(), errors.events(), "the node logged errors for client input");
  }
}
