package dev.parley.node.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.node.management.DowningMajority.Verdict;
import java.util.List;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

class DowningMajorityTest {
  private static final String A = "pekko://parley@127.0.0.11:25520";
  private static final String B = "pekko://parley@127.0.0.12:25520";
  private static final String C = "pekko://parley@127.0.0.13:25520";
  private static final String D = "pekko://parley@127.0.0.14:25520";

  private static DowningMajority.Voter up(String address, boolean reachable) {
    return new DowningMajority.Voter(address, MemberStatus.up(), reachable);
  }

  @Test
  void twoOfThreeMayDownTheThird() {
    assertEquals(Verdict.MAY_DOWN, DowningMajority.decide(A, C, List.of(up(A, true), up(B, true), up(C, false))));
  }

  @Test
  void aNodeAloneMayNotDownTheOthers() {
    // The isolated side of a partition sees the two others unreachable.
    assertEquals(Verdict.NO_MAJORITY, DowningMajority.decide(C, A, List.of(up(A, false), up(B, false), up(C, true))));
  }

  @Test
  void halfIsNotAMajority() {
    assertEquals(Verdict.NO_MAJORITY, DowningMajority.decide(A, B, List.of(up(A, true), up(B, false))));
    assertEquals(Verdict.NO_MAJORITY, DowningMajority.decide(A, C, List.of(up(A, true), up(B, true), up(C, false), up(D, false))));
  }

  @Test
  void onlyAnUnreachableMemberIsDowned() {
    assertEquals(Verdict.NOT_UNREACHABLE, DowningMajority.decide(A, C, List.of(up(A, true), up(B, true), up(C, true))));
    assertEquals(Verdict.NOT_UNREACHABLE, DowningMajority.decide(A, D, List.of(up(A, true), up(B, true), up(C, false))));
    // Downed already (by another survivor): nothing more to do.
    assertEquals(
        Verdict.NOT_UNREACHABLE,
        DowningMajority.decide(A, C, List.of(up(A, true), up(B, true), new DowningMajority.Voter(C, MemberStatus.down(), false))));
  }

  @Test
  void anUnreachableSelfDownsNobody() {
    assertEquals(Verdict.NO_MAJORITY, DowningMajority.decide(A, C, List.of(up(A, false), up(B, true), up(C, false), up(D, true))));
  }

  @Test
  void joiningAndDownedMembersDoNotVote() {
    // A was downed earlier and B joins: of the voters C and D, D alone is not a majority.
    List<DowningMajority.Voter> members =
        List.of(
            new DowningMajority.Voter(A, MemberStatus.down(), false),
            new DowningMajority.Voter(B, MemberStatus.joining(), true),
            up(C, false),
            up(D, true));
    assertEquals(Verdict.NO_MAJORITY, DowningMajority.decide(D, C, members));
    // Leaving members still vote.
    assertEquals(Verdict.MAY_DOWN, DowningMajority.decide(D, C, List.of(new DowningMajority.Voter(A, MemberStatus.leaving(), true), up(C, false), up(D, true))));
  }
}
