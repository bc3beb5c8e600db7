package dev.parley.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.dispatch.ExecutionContexts;
import scala.concurrent.ExecutionContextExecutor;
import scala.jdk.javaapi.FutureConverters;

/**
 * Pekko's Java API hands out Scala futures dressed as {@link CompletableFuture}s whose plain
 * methods ({@code thenApply}, {@code whenComplete}, ...) all run their callback asynchronously, on
 * the JDK's common pool; on a machine of two cores that pool has one thread, so the JDK starts a
 * new thread for every callback. The profile of the delivery path found that costing more than the
 * JSON encoding. The callbacks after an ask are a few field reads and a tell, so they run on the
 * thread that completes it.
 */
public final class SameThread {
  private static final ExecutionContextExecutor CALLING_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

  private SameThread() {}

  public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    FutureConverters.asScala(stage)
        .onComplete(
            result -> result.isSuccess() ? plain.complete(result.get()) : plain.completeExceptionally(result.failed().get()),
            CALLING_THREAD);
    return plain;
  }
}
