package dev.parley.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs blocking work (JDBC, SMTP, name resolution) on a blocking dispatcher, off the actor threads;
 * what it throws fails the stage.
 */
public final class Blocking {
  public interface Work<T> {
    T run() throws Exception;
  }

  private final Executor executor;

  public Blocking(Executor executor) {
    this.executor = executor;
  }

  public <T> CompletionStage<T> run(Work<T> work) {
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
