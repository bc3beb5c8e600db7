package dev.parley.node;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/**
 * How an entity restarts after its journal write failed: the pending caller times out and gets
 * {@code unavailable}, the entity recovers from the journal once it is back, nothing half-written.
 */
public record PersistFailureBackoff(Duration min, Duration max, double randomFactor) {

  public static PersistFailureBackoff from(Config config) {
    Config c = config.getConfig("parley.entity.persist-failure-backoff");
    return new PersistFailureBackoff(c.getDuration("min"), c.getDuration("max"), c.getDouble("random-factor"));
  }

  public BackoffSupervisorStrategy strategy() {
    return SupervisorStrategy.restartWithBackoff(min, max, randomFactor);
  }
}
