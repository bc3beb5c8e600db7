package dev.parley.node.session;

import dev.parley.node.Outcome;
import dev.parley.node.workspace.Workspace;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Presence to the members of each of the user's workspaces: one message per member, to their
 * UserSession, which passes it to their live connections. A member of several shared workspaces
 * hears it once per workspace; connections drop repeats of the same status.
 */
public final class PresenceFanout implements PresencePublisher {
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  public PresenceFanout(ActorSystem<?> system, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  @Override
  public void publish(String userId, String status, Set<String> workspaceIds) {
    UserSession.PresenceOf change = new UserSession.PresenceOf(userId, status);
    for (String workspaceId : workspaceIds) {
      sharding
          .entityRefFor(Workspace.ENTITY_KEY, workspaceId)
          .<Outcome<Workspace.Members>>ask(replyTo -> new Workspace.GetMembers(userId, replyTo), askTimeout)
          .thenAccept(
              outcome -> {
                if (outcome instanceof Outcome.Accepted<Workspace.Members> members) {
                  members.value().members().stream()
                      .filter(member -> !member.userId().equals(userId))
                      .forEach(member -> sharding.entityRefFor(UserSession.ENTITY_KEY, member.userId()).tell(change));
                }
              });
    }
  }
}
