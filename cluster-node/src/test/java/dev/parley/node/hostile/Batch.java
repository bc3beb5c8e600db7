package dev.parley.node.hostile;

import java.util.List;

/** What one fuzzing connection sends. */
sealed interface Batch {

  /** Inputs that are each answered, then perhaps one that must close the socket. */
  record Exchange(List<Input> answered, Input closer) implements Batch {
    @Override
    public String toString() {
      return "Exchange" + answered + (closer == null ? "" : " then " + closer);
    }
  }

  /** Requests sent without waiting, far past the per-connection rate limit. */
  record Flood(List<Input> requests) implements Batch {
    @Override
    public String toString() {
      return "Flood of " + requests.size() + ", first " + requests.get(0);
    }
  }
}
