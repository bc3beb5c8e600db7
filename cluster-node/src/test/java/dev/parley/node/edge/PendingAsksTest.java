package dev.parley.node.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The edge's pending asks when a member is lost: those in flight are answered at once, and for the
 * rehoming window new ones that get no answer are answered after the short timeout, not the usual
 * one; outside the window an ask waits for its answer (or the usual ask timeout, not applied here).
 */
class PendingAsksTest {
  private static final Duration WINDOW = Duration.ofSeconds(3);
  private static final Duration SHORT = Duration.ofMillis(200);
  /** Long enough that an ask cut short by {@link #SHORT} has surely been. */
  private static final long WAIT_MILLIS = 5_000;

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final PendingAsks asks = new PendingAsks(new Rehoming(WINDOW, SHORT), now::get);

  private static Throwable failureOf(CompletableFuture<?> answer) throws InterruptedException {
    try {
      answer.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
      throw new AssertionError("answered: " + answer);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("still unanswered after " + WAIT_MILLIS + " ms");
    }
  }

  @Test
  void anAskInFlightWhenAMemberIsLostIsAnsweredAtOnce() throws Exception {
    CompletableFuture<String> answer = asks.track(new CompletableFuture<>());

    asks.memberLost("member downed");

    assertInstanceOf(TimeoutException.class, failureOf(answer));
  }

  @Test
  void withinTheWindowAnUnansweredAskIsAnsweredAfterTheShortTimeout() throws Exception {
    asks.memberLost("member removed");
    now.addAndGet(WINDOW.minusMillis(1).toNanos());
    long started = System.nanoTime();

    CompletableFuture<String> lost = asks.track(new CompletableFuture<>());
    CompletableFuture<String> served = asks.track(CompletableFuture.completedFuture("ok"));

    assertInstanceOf(TimeoutException.class, failureOf(lost));
    assertTrue(System.nanoTime() - started >= SHORT.toNanos(), "not before the short timeout");
    assertEquals("ok", served.get(WAIT_MILLIS, TimeUnit.MILLISECONDS), "an answered ask is not cut short");
  }

  @Test
  void outsideTheWindowAnAskWaitsForItsAnswer() throws Exception {
    CompletableFuture<String> beforeAnyLoss = asks.track(new CompletableFuture<>());
    asks.memberLost("member removed");
    now.addAndGet(WINDOW.toNanos());
    CompletableFuture<String> reply = new CompletableFuture<>();
    CompletableFuture<String> afterTheWindow = asks.track(reply);

    assertTrue(beforeAnyLoss.isCompletedExceptionally(), "in flight at the loss: answered at once");
    Thread.sleep(SHORT.multipliedBy(3).toMillis());
    assertFalse(afterTheWindow.isDone(), "after the window an ask keeps the usual timeout");
    reply.complete("late but fine");
    assertEquals("late but fine", afterTheWindow.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
  }
}
