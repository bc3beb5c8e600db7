package dev.parley.node.session;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Presence through the node's {@link PresenceHub}: a change costs one message to each node, which
 * hands it to its own connections of the user's workspaces. No member list is asked for and no
 * other member's UserSession is told, so members who are offline cost nothing.
 */
public final class HubPresencePublisher implements PresencePublisher {
  private final ActorRef<PresenceHub.Command> hub;

  public HubPresencePublisher(ActorRef<PresenceHub.Command> hub) {
    this.hub = hub;
  }

  @Override
  public void publish(String userId, String status, Set<String> workspaceIds) {
    if (!workspaceIds.isEmpty()) {
      hub.tell(new PresenceHub.Publish(userId, status, Set.copyOf(workspaceIds)));
    }
  }
}
