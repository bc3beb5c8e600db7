package dev.parley.protocol;

/** WebSocket close codes of the wire contract. */
public final class CloseCode {
  /** Auth missing, failed or expired; no {@code auth} within the deadline counts. */
  public static final int AUTH_FAILED = 4001;
  /** The per-connection rate limit was abused. */
  public static final int RATE_LIMIT_ABUSED = 4002;
  /** The client did not read fast enough; reconnect and resume. */
  public static final int SLOW_CONSUMER = 4003;
  /** The node is leaving; reconnect, possibly to another node. */
  public static final int DRAINING = 4004;
  /** A frame was larger than the limit (RFC 6455 "message too big"). */
  public static final int TOO_BIG = 1009;

  private CloseCode() {}
}
