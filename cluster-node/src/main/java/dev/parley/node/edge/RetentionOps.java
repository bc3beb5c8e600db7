package dev.parley.node.edge;

import dev.parley.node.erasure.RetentionPolicies;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.WorkspaceRequest;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

/**
 * {@code workspace.retention}: a workspace owner or admin sets how long its messages are kept
 * (docs/operations.md, "Retention"); the retention sweep erases older ones. In the audit log before
 * it is answered; setting the same value again is harmless.
 */
final class RetentionOps {
  private final Entities entities;
  private final OwnerAudit audit;
  private final RetentionPolicies policies;
  private final Clock clock;

  RetentionOps(Entities entities, OwnerAudit audit, RetentionPolicies policies, Clock clock) {
    this.entities = entities;
    this.audit = audit;
    this.policies = policies;
    this.clock = clock;
  }

  CompletionStage<Reply.Empty> set(String userId, WorkspaceRequest.WorkspaceRetention r) {
    return entities
        .requireMember(r.workspaceId(), userId, "no such workspace")
        .thenCompose(
            member -> {
              if (!member.role().canModerate()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only workspace owners and admins set the retention");
              }
              return policies.set(r.workspaceId(), r.days(), userId, clock.millis());
            })
        .thenCompose(
            done -> audit.record(userId, r.op(), r.workspaceId(), r.days() == 0 ? "keep forever" : r.days() + " days"))
        .thenApply(done -> new Reply.Empty());
  }
}
