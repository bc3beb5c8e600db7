package dev.parley.node.workspace;

import java.util.concurrent.CompletionStage;

/**
 * Finishes what creating a channel starts once the {@link Workspace} has reserved its name: the
 * Channel entity, and the creator's membership in it. The workspace calls it for a creation that
 * its requester left half done (a node died, an answer was lost), so each step must be idempotent.
 * It lives here, implemented at the edge, so that the workspace does not depend on the entities it
 * asks.
 */
@FunctionalInterface
public interface ChannelCompleter {

  /** What became of a completion that did not fail. */
  enum Result {
    /** The channel exists, with its creator as a member. */
    COMPLETED,
    /** The channel can never be created as reserved: the reservation is to be released. */
    IMPOSSIBLE
  }

  /** Fails when it should be tried again later (a timeout, an unavailable journal). */
  CompletionStage<Result> complete(String workspaceId, Workspace.PendingChannel channel);
}
