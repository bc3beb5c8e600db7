package dev.parley.node.workspace;

import static dev.parley.node.testing.Outcomes.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.testing.EntityTestConfig;
import dev.parley.node.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel creation its requester left half done is finished, or released, by the workspace
 * itself, never by a client's retry.
 */
class WorkspaceChannelCompletionTest {
  private static final String WS = "wacme";
  private static final String OWNER = "u-owner";
  private static final Duration ALLOWANCE = Duration.ofMillis(100);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ManualClock CLOCK = new ManualClock(1_700_000_000_000L);

  /** A completion the test answers: each call is queued with the future the workspace waits on. */
  private record Call(Workspace.PendingChannel channel, CompletableFuture<ChannelCompleter.Result> answer) {}

  private static final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();

  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<Workspace.Command, Workspace.Event, Workspace.State> kit;

  @BeforeAll
  static void startTestKit() {
    testKit = ActorTestKit.create("WorkspaceChannelCompletionTest", EntityTestConfig.config());
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            Workspace.create(
                WS,
                new Workspace.Settings(
                    100, 3, ALLOWANCE, new PersistFailureBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2)),
                () -> "s1",
                (workspaceId, channel) -> {
                  CompletableFuture<ChannelCompleter.Result> answer = new CompletableFuture<>();
                  calls.add(new Call(channel, answer));
                  return answer;
                },
                CLOCK),
            EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyEquality(true));
  }

  @AfterAll
  static void stopTestKit() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    kit.clear();
    calls.clear();
    accepted(
        kit.<Outcome<Workspace.Summary>>runCommand(replyTo -> new Workspace.Create("Acme", OWNER, "olga", replyTo))
            .reply());
  }

  @Test
  void aCreationLeftPendingIsCompletedByTheWorkspaceAfterTheAllowance() throws Exception {
    reserve("c1", "general");
    CLOCK.advance(ALLOWANCE);

    Call call = nextCall();
    assertEquals(new Workspace.ChannelEntry("c1", "general", ChannelKind.PRIVATE, OWNER), call.channel().entry());
    assertEquals("plans", call.channel().topic());
    call.answer().complete(ChannelCompleter.Result.COMPLETED);

    awaitState(state -> state.pending().isEmpty(), "the channel is no longer pending");
    assertEquals(
        List.of(new Workspace.ChannelEntry("c1", "general", ChannelKind.PRIVATE, OWNER)), directory().channels());
  }

  @Test
  void aFailedCompletionIsTriedAgainAndAnImpossibleOneReleasesTheName() throws Exception {
    reserve("c1", "general");
    CLOCK.advance(ALLOWANCE);

    nextCall().answer().completeExceptionally(new IllegalStateException("journal unavailable"));
    Call second = nextCall();
    assertEquals("c1", second.channel().entry().channelId());
    second.answer().complete(ChannelCompleter.Result.IMPOSSIBLE);

    awaitState(state -> state.channels().isEmpty() && state.pending().isEmpty(), "the name is free again");
    reserve("c2", "general");
  }

  @Test
  void aRestartedWorkspaceCompletesWhatWasPending() throws Exception {
    reserve("c1", "general");
    kit.restart();
    CLOCK.advance(ALLOWANCE);

    nextCall().answer().complete(ChannelCompleter.Result.COMPLETED);

    awaitState(state -> state.pending().isEmpty(), "the channel is no longer pending");
  }

  private static void reserve(String channelId, String name) {
    accepted(
        kit.<Outcome<Workspace.ChannelEntry>>runCommand(
                replyTo -> new Workspace.RegisterChannel(OWNER, channelId, name, ChannelKind.PRIVATE, "plans", replyTo))
            .reply());
  }

  private static Call nextCall() throws InterruptedException {
    Call call = calls.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(call != null, "the workspace asked to complete a pending channel within " + WAIT);
    return call;
  }

  private static Workspace.Directory directory() {
    return accepted(
        kit.<Outcome<Workspace.Directory>>runCommand(replyTo -> new Workspace.ListChannels(OWNER, replyTo)).reply());
  }

  private static void awaitState(Predicate<Workspace.Active> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.test((Workspace.Active) kit.getState())) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
