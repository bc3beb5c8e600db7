package dev.parley.cli;

/**
 * The last {@code seq} shown for a channel. Events come in seq order with no gaps, so the next
 * one is always {@code last + 1}; anything lower was already shown (a replay after a resume), and
 * anything higher means events were missed and must be fetched with {@code history}.
 */
final class ChannelCursor {
  enum Verdict { DUPLICATE, NEXT, GAP }

  private long lastSeen;

  ChannelCursor(long lastSeen) {
    this.lastSeen = lastSeen;
  }

  long lastSeen() {
    return lastSeen;
  }

  Verdict classify(long seq) {
    if (seq <= lastSeen) {
      return Verdict.DUPLICATE;
    }
    return seq == lastSeen + 1 ? Verdict.NEXT : Verdict.GAP;
  }

  /** Marks {@code seq} as shown; never moves back. */
  void advanceTo(long seq) {
    lastSeen = Math.max(lastSeen, seq);
  }
}
