package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AuthAdmissionTest {
  private static final long WAIT_SECONDS = 10;

  private final ExecutorService executor = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void atMostTheLimitRunAtOnceAndTheRestStartInArrivalOrderAsTheyFinish() throws Exception {
    AuthAdmission admission = new AuthAdmission(2, Integer.MAX_VALUE, executor);
    List<CompletableFuture<String>> asks = new ArrayList<>();
    List<CompletableFuture<Void>> started = new ArrayList<>();
    List<CompletionStage<String>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CompletableFuture<String> ask = new CompletableFuture<>();
      CompletableFuture<Void> start = new CompletableFuture<>();
      asks.add(ask);
      started.add(start);
      answers.add(
          admission.admit(
              () -> true,
              () -> {
                start.complete(null);
                return ask;
              }));
    }
    started.get(0).get(WAIT_SECONDS, TimeUnit.SECONDS);
    started.get(1).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(2, admission.running());
    assertFalse(started.get(2).isDone(), "a third auth started while two were under way");

    asks.get(1).complete("second");
    assertEquals("second", answers.get(1).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
    started.get(2).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertFalse(started.get(3).isDone(), "the fourth auth started before the third's turn was over");

    asks.get(0).completeExceptionally(new IllegalStateException("timed out"));
    started.get(3).get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertTrue(answers.get(0).toCompletableFuture().isCompletedExceptionally());
    asks.get(2).complete("third");
    asks.get(3).complete("fourth");
    started.get(4).get(WAIT_SECONDS, TimeUnit.SECONDS);
    asks.get(4).complete("fifth");
    assertEquals("fifth", answers.get(4).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void theNodeIsCrowdedWhileTheSetNumberOfAuthsWaitAndNoLongerOnceOneStarts() throws Exception {
    AuthAdmission admission = new AuthAdmission(1, 2, executor);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<String> second = new CompletableFuture<>();
    CompletableFuture<Void> secondStarted = new CompletableFuture<>();
    admission.admit(() -> true, () -> first);
    admission.admit(
        () -> true,
        () -> {
          secondStarted.complete(null);
          return second;
        });
    assertFalse(admission.crowded(), "one auth under way and one waiting is not two waiting");
    admission.admit(() -> true, () -> new CompletableFuture<>());
    assertTrue(admission.crowded());
    first.complete("first");
    secondStarted.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertFalse(admission.crowded(), "still crowded once a waiting auth started");
  }

  @Test
  void anAuthWhoseConnectionClosedWhileWaitingIsSkippedWithoutTakingATurn() throws Exception {
    AuthAdmission admission = new AuthAdmission(1, Integer.MAX_VALUE, executor);
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletionStage<String> firstAnswer = admission.admit(() -> true, () -> first);
    AtomicInteger goneStarted = new AtomicInteger();
    admission.admit(
        () -> false,
        () -> {
          goneStarted.incrementAndGet();
          return CompletableFuture.completedFuture("gone");
        });
    CompletionStage<String> third = admission.admit(() -> true, () -> CompletableFuture.completedFuture("third"));
    first.complete("first");
    assertEquals("first", firstAnswer.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals("third", third.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(0, goneStarted.get());
  }

  @Test
  void aStormOfAuthsFromManyThreadsAllFinishWithinTheBound() throws Exception {
    // Fewer than the threads that start and finish auths, so that a broken bound shows.
    int limit = 2;
    int auths = 20_000;
    AuthAdmission admission = new AuthAdmission(limit, Integer.MAX_VALUE, executor);
    AtomicInteger under = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<CompletionStage<Integer>>> submitted = new ArrayList<>();
      for (int i = 0; i < auths; i++) {
        int n = i;
        submitted.add(
            CompletableFuture.supplyAsync(
                () ->
                    admission.admit(
                        () -> true,
                        () -> {
                          most.accumulateAndGet(under.incrementAndGet(), Math::max);
                          return CompletableFuture.supplyAsync(
                              () -> {
                                under.decrementAndGet();
                                return n;
                              },
                              callers);
                        }),
                callers));
      }
      for (CompletableFuture<CompletionStage<Integer>> s : submitted) {
        answers.add(s.get(WAIT_SECONDS, TimeUnit.SECONDS).toCompletableFuture());
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } finally {
      callers.shutdownNow();
    }
    for (int i = 0; i < auths; i++) {
      assertEquals(i, answers.get(i).get());
    }
    assertTrue(most.get() <= limit, "at most " + limit + " at once, saw " + most.get());
    assertEquals(0, admission.running());
  }
}
