package dev.parley.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code failover} scenario's history check, one channel at a time: every acknowledged post
 * looked up in the history read back after the run (see {@link FailoverResult} for what each
 * count means).
 */
final class FailoverCheck {
  private static final double NANOS_PER_SECOND = 1e9;
  /** Lost, duplicated or moved posts listed by name in the result; the counts cover all of them. */
  private static final int MAX_PROBLEMS_SHOWN = 10;

  /** One acknowledged post: when, and at which seq. */
  record Ack(String clientMsgId, long seq, long atNanos) {}

  private final long startNanos;
  private final long killNanos;
  private final List<String> problems = new ArrayList<>();
  private long lost;
  private long duplicated;
  private long moved;
  private long storedUnacked;
  private long checked;
  private long seqReused;

  FailoverCheck(long startNanos, long killNanos) {
    this.startNanos = startNanos;
    this.killNanos = killNanos;
  }

  /** Checks channel {@code index}'s {@code acks} against its {@code history} (clientMsgId to the seqs it was stored at). */
  void channel(int index, List<Ack> acks, Map<String, List<Long>> history) {
    checked++;
    Map<String, Long> ackedSeqs = new HashMap<>();
    Map<Long, String> ackedIds = new HashMap<>();
    for (Ack ack : acks) {
      ackedSeqs.put(ack.clientMsgId(), ack.seq());
      String earlier = ackedIds.putIfAbsent(ack.seq(), ack.clientMsgId());
      if (earlier != null && !earlier.equals(ack.clientMsgId())) {
        seqReused++;
        if (problems.size() < MAX_PROBLEMS_SHOWN) {
          problems.add(String.format("channel %d: seq %d acked twice, for %s and %s", index, ack.seq(), earlier, ack.clientMsgId()));
        }
      }
      List<Long> found = history.getOrDefault(ack.clientMsgId(), List.of());
      String problem = null;
      if (found.isEmpty()) {
        lost++;
        problem = "lost";
      } else if (found.size() > 1) {
        duplicated++;
        problem = "duplicated at seqs " + found;
      } else if (found.get(0) != ack.seq()) {
        moved++;
        problem = "moved to seq " + found.get(0);
      }
      if (problem != null && problems.size() < MAX_PROBLEMS_SHOWN) {
        problems.add(String.format("channel %d: %s acked as seq %d at %.3f s (kill at %.3f s): %s",
            index, ack.clientMsgId(), ack.seq(), (ack.atNanos() - startNanos) / NANOS_PER_SECOND,
            (killNanos - startNanos) / NANOS_PER_SECOND, problem));
      }
    }
    storedUnacked += history.keySet().stream().filter(id -> !ackedSeqs.containsKey(id)).count();
  }

  long checked() {
    return checked;
  }

  long lost() {
    return lost;
  }

  long duplicated() {
    return duplicated;
  }

  long moved() {
    return moved;
  }

  long seqReused() {
    return seqReused;
  }

  long storedUnacked() {
    return storedUnacked;
  }

  List<String> problems() {
    return problems;
  }
}
