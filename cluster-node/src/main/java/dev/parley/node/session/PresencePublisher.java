package dev.parley.node.session;

import java.util.Set;

/**
 * Tells the users who share a workspace with {@code userId} that its presence is now {@code
 * status}: their live connections, not their sessions ({@link HubPresencePublisher}).
 */
@FunctionalInterface
public interface PresencePublisher {
  void publish(String userId, String status, Set<String> workspaceIds);
}
