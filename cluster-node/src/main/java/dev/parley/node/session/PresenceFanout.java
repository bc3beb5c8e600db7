package dev.parley.node.session;

import dev.parley.node.Outcome;
import dev.parley.node.SameThread;
import dev.parley.node.workspace.Workspace;
import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.Patterns;

/**
 * Presence to the members of each of the user's workspaces: one message per member, to their
 * UserSession, which passes it to their live connections. A member of several shared workspaces
 * hears it once per workspace; connections drop repeats of the same status. The member list is
 * asked for again when the ask fails (a workspace moving, a busy node), so that a change is not
 * lost for good: nothing else would announce it until the next change.
 */
public final class PresenceFanout implements PresencePublisher {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final int attempts;
  private final Duration retryDelay;

  public PresenceFanout(ActorSystem<?> system, Duration askTimeout, int attempts, Duration retryDelay) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
    this.attempts = attempts;
    this.retryDelay = retryDelay;
  }

  @Override
  public void publish(String userId, String status, Set<String> workspaceIds) {
    UserSession.PresenceOf change = new UserSession.PresenceOf(userId, status);
    for (String workspaceId : workspaceIds) {
      SameThread.of(
          Patterns.retry(
              () ->
                  sharding
                      .entityRefFor(Workspace.ENTITY_KEY, workspaceId)
                      .<Outcome<Workspace.Members>>ask(replyTo -> new Workspace.GetMembers(userId, replyTo), askTimeout),
              attempts,
              retryDelay,
              system))
          .whenComplete(
              (outcome, failure) -> {
                if (outcome instanceof Outcome.Accepted<Workspace.Members> members) {
                  members.value().members().stream()
                      .filter(member -> !member.userId().equals(userId))
                      .forEach(member -> sharding.entityRefFor(UserSession.ENTITY_KEY, member.userId()).tell(change));
                } else if (failure != null) {
                  system.log().warn("Presence {} of user {} not announced in workspace {}: {}", status, userId, workspaceId, failure.toString());
                }
              });
    }
  }
}
