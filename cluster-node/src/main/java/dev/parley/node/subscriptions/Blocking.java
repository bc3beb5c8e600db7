package dev.parley.node.subscriptions;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Runs blocking work (JDBC, name resolution) on the subscriptions dispatcher; what it throws fails the stage. */
final class Blocking {
  interface Work<T> {
    T run() throws Exception;
  }

  private final Executor executor;

  Blocking(Executor executor) {
    this.executor = executor;
  }

  <T> CompletionStage<T> run(Work<T> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return work.run();
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        },
        executor);
  }
}
