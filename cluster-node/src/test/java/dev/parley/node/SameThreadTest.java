package dev.parley.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

/** The callbacks after an ask run on the thread that answers it, not on a pool (or a new thread). */
class SameThreadTest {

  @Test
  void callbacksRunOnTheThreadThatCompletes() throws Exception {
    Promise<String> answer = Promise.apply();
    CompletableFuture<Thread> ranOn = SameThread.of(FutureConverters.asJava(answer.future())).thenApply(value -> Thread.currentThread());

    answer.success("answered");

    assertSame(Thread.currentThread(), ranOn.get(0, TimeUnit.SECONDS));
  }

  @Test
  void aFailureStaysAFailure() {
    Promise<String> answer = Promise.apply();
    CompletableFuture<String> plain = SameThread.of(FutureConverters.asJava(answer.future()));

    answer.failure(new IllegalStateException("timed out"));

    assertEquals("timed out", plain.handle((value, failure) -> failure.getMessage()).join());
  }
}
