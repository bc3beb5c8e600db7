package dev.parley.node.subscriptions;

import java.util.List;

/**
 * An outgoing event subscription as {@code parley_subscription} keeps it: the events of {@code
 * workspaceId} named in {@code events} are POSTed to {@code url}. {@code createdBy} (a user id) made
 * it at {@code createdAt} (ms since the epoch). {@code failures}: failed attempts since the last
 * success; {@code lastError}: the last failure, or null. Its secret is not here: only the sender
 * reads it.
 */
public record StoredSubscription(
    String subscriptionId,
    String workspaceId,
    String url,
    List<String> events,
    String createdBy,
    long createdAt,
    Status status,
    int failures,
    String lastError) {

  /** Whether deliveries are made; a disabled subscription stays listed until it is removed. */
  public enum Status {
    ACTIVE,
    DISABLED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
