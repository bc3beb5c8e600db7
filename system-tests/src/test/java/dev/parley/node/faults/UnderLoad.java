package dev.parley.node.faults;

import dev.parley.node.testing.ChaosRun;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one nemesis under steady load (writers and resuming receivers spread over all nodes, in a
 * workspace of its own), heals the cluster, then checks every acknowledged post, every receiver,
 * and the journal.
 */
final class UnderLoad {
  private static final int CHANNELS = 6;
  private static final int WRITERS = 6;
  private static final int WARMUP_ACKS = 100;
  private static final int ACKS_AFTER_HEALING = 100;
  private static final int ACKS_TIMEOUT_SECONDS = 90;
  /**
   * How PostgreSQL names the journal's primary key in the error a second writer of one seq gets. A
   * node woken from SIGSTOP may try to persist what it was doing before it learns it was downed;
   * the key refuses it, which the journal check confirms. The count is reported, not failed.
   */
  private static final String WRITE_CONFLICT = "event_journal_pkey";

  private UnderLoad() {}

  static ScenarioResult run(String scenario, Nemesis nemesis, FaultCluster cluster) {
    long conflictsBefore = cluster.cluster().outputLinesContaining(WRITE_CONFLICT);
    Set<String> journalBefore = new HashSet<>(JournalCheck.problems(cluster.database()));
    List<String> failures = new ArrayList<>();
    nemesis.prepare(cluster);
    try (ChaosRun run = new ChaosRun(cluster.cluster(), CHANNELS, WRITERS)) {
      run.traffic().awaitMoreAcks(WARMUP_ACKS, ACKS_TIMEOUT_SECONDS);
      long began = System.nanoTime();
      Nemesis.Strike strike;
      try {
        strike = nemesis.strike(cluster, run.traffic());
      } catch (RuntimeException | AssertionError e) {
        failures.add("during the fault: " + e.getMessage());
        strike = Nemesis.Strike.at(began, "interrupted");
      }
      cluster.heal();
      long healed = System.nanoTime();
      run.traffic().awaitMoreAcks(ACKS_AFTER_HEALING, ACKS_TIMEOUT_SECONDS);
      ChaosRun.Verdict verdict = run.finish("faults-" + scenario, strike.details());
      double unavailable = run.traffic().longestGapMillis(strike.startedAtNanos().get(0), healed);
      List<String> stalls = new ArrayList<>();
      for (Nemesis.Fault fault : strike.faults()) {
        double stall = run.traffic().longestStallAfterMillis(fault.startedAtNanos());
        stalls.add(String.format("%s: %.0f ms", fault.details(), stall));
        if (stall > fault.maxStallMillis()) {
          failures.add(String.format("%s: a channel went %.0f ms without an ack (at most %.0f allowed)", fault.details(), stall, fault.maxStallMillis()));
        }
      }
      double waited = run.traffic().longestWaitMillis();
      if (waited > nemesis.maxReplyWaitMillis()) {
        failures.add(String.format("a client waited %.0f ms for an answer (at most %.0f allowed)", waited, nemesis.maxReplyWaitMillis()));
      }
      failures.addAll(verdict.posts().problems());
      JournalCheck.problems(cluster.database()).stream().filter(p -> !journalBefore.contains(p)).forEach(failures::add);
      long refused = cluster.cluster().outputLinesContaining(WRITE_CONFLICT) - conflictsBefore;
      return new ScenarioResult(
          scenario,
          verdict.posts().acked(),
          verdict.posts().lost(),
          verdict.posts().duplicated(),
          verdict.posts().moved(),
          verdict.receiverViolations().size(),
          verdict.posts().unknown(),
          unavailable,
          List.copyOf(failures),
          String.format(
              "%s; longest stall after each fault [%s]; reconnects %d; answers %s; longest reply wait %.0f ms; unknown written %d; log lines of refused journal writes %d;"
                  + " receiver violations %s",
              strike.details(),
              String.join("; ", stalls),
              run.traffic().reconnects(),
              run.traffic().answers(),
              waited,
              verdict.posts().unknownWritten(),
              refused,
              verdict.receiverViolations().stream().limit(5).toList()));
    }
  }
}
