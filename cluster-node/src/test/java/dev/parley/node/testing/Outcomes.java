package dev.parley.node.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.parley.node.Outcome;

/** Assertions on entity replies. */
public final class Outcomes {
  private Outcomes() {}

  public static <T> T accepted(Outcome<T> outcome) {
    if (outcome instanceof Outcome.Accepted<T> accepted) {
      return accepted.value();
    }
    return fail("expected an accepted outcome, got " + outcome);
  }

  public static Outcome.Reason reason(Outcome<?> outcome) {
    if (outcome instanceof Outcome.Rejected<?> rejected) {
      return rejected.reason();
    }
    return fail("expected a rejection, got " + outcome);
  }
}
