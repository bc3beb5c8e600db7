package dev.parley.node.edge;

import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.protocol.Request;
import java.util.concurrent.CompletionStage;

/** The ops on accounts ({@code account.*}) and of deployment administrators ({@code admin.*}). */
public interface AccountOps {
  /** Whether {@code request} is one of these ops. */
  boolean serves(Request request);

  CompletionStage<?> handle(AuthenticatedUser user, Request request);
}
