package dev.parley.node.edge;

import dev.parley.node.session.UserSession;
import dev.parley.protocol.AccountRequest;
import dev.parley.protocol.BotRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HookRequest;
import dev.parley.protocol.NotifyRequest;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Request;
import dev.parley.protocol.SubscriptionRequest;
import dev.parley.protocol.WorkspaceRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a bot may not do, refused {@code forbidden} before any entity hears of it: a bot acts as a
 * member of its one workspace (docs/protocol.md, "Bots"). It has no account to manage, joins or
 * creates no workspace, invites nobody and administers nothing; of the ops that name a workspace
 * it may only name its own. Channel ops need no check here: the channels of other workspaces
 * refuse the bot as they refuse any outsider.
 */
final class BotGuard {
  private final Entities entities;
  private final WorkspaceAdminOps workspaceAdmin;

  BotGuard(Entities entities, WorkspaceAdminOps workspaceAdmin) {
    this.entities = entities;
    this.workspaceAdmin = workspaceAdmin;
  }

  /** Completes when the bot may run {@code request}; fails {@code forbidden} if not. */
  CompletionStage<Void> check(String botId, Request request) {
    if (request instanceof WorkspaceRequest.WorkspaceMembers r) {
      return ownWorkspace(botId, r.workspaceId(), r.op());
    } else if (request instanceof WorkspaceRequest.WorkspaceChannels r) {
      return ownWorkspace(botId, r.workspaceId(), r.op());
    } else if (request instanceof AccountRequest
        || request instanceof WorkspaceRequest
        || request instanceof HookRequest
        || request instanceof BotRequest
        || request instanceof SubscriptionRequest
        || request instanceof NotifyRequest
        || workspaceAdmin.serves(request)) {
      return CompletableFuture.failedFuture(refused(request.op()));
    }
    return CompletableFuture.completedFuture(null);
  }

  private CompletionStage<Void> ownWorkspace(String botId, String workspaceId, String op) {
    return entities
        .<UserSession.State>askSession(botId, UserSession.GetState::new)
        .thenAccept(
            state -> {
              if (!state.workspaces().containsKey(workspaceId)) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "a bot acts only in its own workspace: " + op + " is refused");
              }
            });
  }

  private static ProtocolException refused(String op) {
    return new ProtocolException(ErrorCode.FORBIDDEN, "a bot may not use " + op);
  }
}
