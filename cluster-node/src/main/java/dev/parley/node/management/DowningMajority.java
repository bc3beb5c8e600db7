package dev.parley.node.management;

import java.util.Collection;
import java.util.Set;
import org.apache.pekko.cluster.MemberStatus;

/** The split-brain resolver's keep-majority rule, asked before a member is downed without it. */
final class DowningMajority {
  /** A member as the rule sees it. */
  record Voter(String address, MemberStatus status, boolean reachable) {}

  /** Members whose vote counts: up or leaving (not joining, not downed or on their way out). */
  private static final Set<MemberStatus> VOTING = Set.of(MemberStatus.up(), MemberStatus.leaving());

  private DowningMajority() {}

  /** What the rule says about downing a member. */
  enum Verdict {
    /** The member is an unreachable voter and this side is a strict majority without it. */
    MAY_DOWN,
    /** The member is reachable, or no longer a voter (already downed, leaving the cluster for good). */
    NOT_UNREACHABLE,
    /** This node is unreachable itself, or its side is half of the voters or fewer. */
    NO_MAJORITY
  }

  /**
   * Whether {@code self} may down {@code member}: {@code member} is an unreachable voter, {@code
   * self} a reachable one, and the reachable voters are more than half of all voters.
   */
  static Verdict decide(String self, String member, Collection<Voter> members) {
    int voters = 0;
    int reachable = 0;
    boolean memberUnreachable = false;
    boolean selfReachable = false;
    for (Voter m : members) {
      if (!VOTING.contains(m.status())) {
        continue;
      }
      voters++;
      if (m.reachable()) {
        reachable++;
      }
      memberUnreachable |= !m.reachable() && m.address().equals(member);
      selfReachable |= m.reachable() && m.address().equals(self);
    }
    if (!memberUnreachable) {
      return Verdict.NOT_UNREACHABLE;
    }
    return selfReachable && reachable * 2 > voters ? Verdict.MAY_DOWN : Verdict.NO_MAJORITY;
  }
}
