package dev.parley.node.erasure;

import dev.parley.node.channel.MessageKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Writes the keys of new posts for every channel of the node, with group commit: while one write
 * is in flight the keys that arrive are gathered, and the next round writes them all in one
 * multi-row statement. A busy node thus adds about one statement per journal round trip, not one
 * per post, and a quiet one writes each batch at once. A round's failure fails every post in it.
 */
final class KeyWriter {

  private record Waiting(List<MessageKey> keys, CompletableFuture<Void> done) {}

  private final DataSource dataSource;
  private final Executor blocking;
  private final int maxRows;
  private final Object lock = new Object();
  private List<Waiting> gathered = new ArrayList<>();
  private boolean writing;

  /** @param maxRows the most keys one statement writes; more wait for the next round */
  KeyWriter(DataSource dataSource, Executor blocking, int maxRows) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.maxRows = maxRows;
  }

  CompletionStage<Void> write(List<MessageKey> keys) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (keys.isEmpty()) {
      done.complete(null);
      return done;
    }
    synchronized (lock) {
      gathered.add(new Waiting(List.copyOf(keys), done));
      if (writing) {
        return done;
      }
      writing = true;
    }
    blocking.execute(this::rounds);
    return done;
  }

  /** Writes rounds until nothing waits; only one runs at a time. */
  private void rounds() {
    while (true) {
      List<Waiting> round = nextRound();
      if (round.isEmpty()) {
        return;
      }
      List<MessageKey> keys = new ArrayList<>();
      round.forEach(w -> keys.addAll(w.keys()));
      try (Connection connection = dataSource.getConnection()) {
        KeyTable.insert(connection, keys);
        round.forEach(w -> w.done().complete(null));
      } catch (SQLException | RuntimeException e) {
        round.forEach(w -> w.done().completeExceptionally(e));
      }
    }
  }

  /** The waiting writes, up to about {@code maxRows} keys, or none (and no round running) when nothing waits. */
  private List<Waiting> nextRound() {
    synchronized (lock) {
      if (gathered.isEmpty()) {
        writing = false;
        return List.of();
      }
      List<Waiting> round = new ArrayList<>();
      int rows = 0;
      while (!gathered.isEmpty() && (round.isEmpty() || rows + gathered.get(0).keys().size() <= maxRows)) {
        Waiting next = gathered.remove(0);
        round.add(next);
        rows += next.keys().size();
      }
      return round;
    }
  }
}
