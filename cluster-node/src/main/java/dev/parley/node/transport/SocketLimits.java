package dev.parley.node.transport;

/**
 * How many WebSockets a node holds open. {@code maxConnections} is Pekko HTTP's cap on the
 * node's HTTP connections ({@code PARLEY_MAX_CONNECTIONS}); {@code perAddress} caps the sockets
 * of one client address, and {@code unauthenticatedPerAddress} those of them that have not sent a
 * good {@code auth} yet.
 */
public record SocketLimits(int maxConnections, int perAddress, int unauthenticatedPerAddress) {
  /** The smallest {@code maxConnections} that leaves room for sockets and for requests. */
  public static final int MIN_MAX_CONNECTIONS = 20;
  private static final int RESERVED_SHARE = 20;

  /**
   * Sockets the node accepts in all: a twentieth of its connections is kept for the HTTP API,
   * logins, refreshes and the upgrades themselves. Past max-connections Pekko stops accepting and
   * the kernel queues clients without a word, so the node refuses sockets a little before, while
   * it can still answer that it is full.
   */
  public int perNode() {
    return maxConnections - Math.max(1, maxConnections / RESERVED_SHARE);
  }
}
