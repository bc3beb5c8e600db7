package dev.parley.node.channel;

/**
 * The seqs a {@link Channel.ReadEvents} asks for, within a log whose newest seq is {@code lastSeq}:
 * {@code from..to} (empty when {@code from > to}), and whether more lie beyond in the direction of
 * travel (newer after {@code afterSeq}, older otherwise).
 */
record PageRange(long from, long to, boolean hasMore) {

  static PageRange of(Channel.ReadEvents c, long lastSeq) {
    if (c.afterSeq() >= 0) {
      // A client may send any seq up to 2^63-1: clamp it first, so adding the limit cannot overflow.
      long after = Math.min(c.afterSeq(), lastSeq);
      long to = Math.min(lastSeq, after + c.limit());
      return new PageRange(after + 1, to, to < lastSeq);
    }
    long before = c.beforeSeq() >= 0 ? Math.min(c.beforeSeq(), lastSeq + 1) : lastSeq + 1;
    long from = Math.max(1, before - c.limit());
    return new PageRange(from, before - 1, from > 1);
  }

  boolean isEmpty() {
    return from > to;
  }
}
