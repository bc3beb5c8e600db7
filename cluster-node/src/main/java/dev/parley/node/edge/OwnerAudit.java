package dev.parley.node.edge;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.Rejections;
import dev.parley.node.SameThread;
import dev.parley.node.audit.AuditLog;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Records what workspace owners and admins did in the deployment's audit log, before their op is
 * answered: an op whose entry could not be written is answered {@code unavailable}, and its retry
 * (each is idempotent) records it.
 */
final class OwnerAudit {
  private final EntityRef<AuditLog.Command> log;
  private final Duration askTimeout;

  OwnerAudit(ActorSystem<?> system, Duration askTimeout) {
    this.log = AuditLog.ref(system);
    this.askTimeout = askTimeout;
  }

  CompletionStage<Acknowledged> record(String actorId, String action, String target, String detail) {
    return SameThread.of(
            log.<Outcome<Acknowledged>>ask(replyTo -> new AuditLog.Append(actorId, action, target, detail, replyTo), askTimeout))
        .thenApply(Rejections::valueOf);
  }
}
