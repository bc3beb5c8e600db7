package dev.parley.node.edge;

import dev.parley.node.Ids;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.hooks.HookStore;
import dev.parley.node.hooks.HookToken;
import dev.parley.node.hooks.StoredHook;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HookMessage;
import dev.parley.protocol.HookRequest;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming webhooks: the owners and admins of a channel's workspace create, list and revoke them
 * ({@code parley_hook}, {@link HookStore}); whoever holds a hook's URL posts into its channel as
 * the hook. A hook is no member of its channel: the Channel takes its posts because this class
 * found a live hook of that channel for the token ({@link Channel.Post#hookName}). Tokens reach
 * neither logs nor errors: a hook is named by its id.
 */
public final class HookOps {
  private static final Logger log = LoggerFactory.getLogger(HookOps.class);
  private static final String NO_SUCH_HOOK = "no such hook";
  /** Hook ids: 'h' and 20 random base32 characters, as other ids. */
  private static final char ID_PREFIX = 'h';

  private final Entities entities;
  private final OwnerAudit audit;
  private final HookStore store;
  private final String publicUrl;
  private final Clock clock;

  /** {@code publicUrl}: the node's origin as clients reach it; empty: hook URLs are relative to the node. */
  HookOps(Entities entities, OwnerAudit audit, HookStore store, String publicUrl, Clock clock) {
    this.entities = entities;
    this.audit = audit;
    this.store = store;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  boolean serves(Request request) {
    return request instanceof HookRequest;
  }

  CompletionStage<?> handle(String userId, Request request) {
    if (request instanceof HookRequest.HookCreate r) {
      return create(userId, r);
    } else if (request instanceof HookRequest.HookList r) {
      return entities
          .managedChannel(userId, r.channelId(), "list webhooks")
          .thenCompose(summary -> store.live(r.channelId()))
          .thenApply(hooks -> new Reply.Hooks(hooks.stream().map(hook -> view(hook, null, null)).toList()));
    }
    return revoke(userId, (HookRequest.HookRevoke) request);
  }

  /**
   * Stores the hook, then records it in the audit log. Not idempotent: a retry after a lost answer
   * makes a second hook, and the first, whose token nobody saw, is listed for revoking.
   */
  private CompletionStage<Reply.HookCreated> create(String userId, HookRequest.HookCreate r) {
    return entities
        .managedChannel(userId, r.channelId(), "create webhooks")
        .thenCompose(
            summary -> {
              if (summary.kind() == ChannelKind.DM) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "a DM takes no webhooks");
              }
              String token = HookToken.generate();
              StoredHook hook =
                  new StoredHook(Ids.random(ID_PREFIX), r.channelId(), summary.workspaceId(), r.name(), userId, clock.millis());
              return store
                  .insert(hook, HookToken.hash(token))
                  .thenCompose(stored -> audit.record(userId, r.op(), r.channelId(), detail(hook)))
                  .thenApply(
                      done -> {
                        log.info("Hook {} created in channel {} by user {}", hook.hookId(), hook.channelId(), userId);
                        return new Reply.HookCreated(view(hook, publicUrl + "/v1/hooks/" + token, token));
                      });
            });
  }

  private CompletionStage<Reply.Empty> revoke(String userId, HookRequest.HookRevoke r) {
    return entities
        .managedChannel(userId, r.channelId(), "revoke webhooks")
        .thenCompose(summary -> store.revoke(r.channelId(), r.hookId(), clock.millis()))
        .thenCompose(
            revoked -> {
              if (!revoked) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_HOOK);
              }
              log.info("Hook {} of channel {} revoked by user {}", r.hookId(), r.channelId(), userId);
              return audit.record(userId, r.op(), r.channelId(), "hook " + r.hookId());
            })
        .thenApply(done -> new Reply.Empty());
  }

  /**
   * Posts {@code message} into the channel of the live hook whose token this is, as the hook.
   * {@code idempotencyKey} (the caller's, or null) is the post's {@code clientMsgId}, so that a
   * retried call posts once; without one every call is a new post.
   */
  public CompletionStage<Reply.Posted> post(String token, HookMessage message, String idempotencyKey) {
    String clientMsgId = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
    return store
        .byTokenHash(HookToken.hash(token))
        .thenCompose(
            found -> {
              StoredHook hook = found.orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_HOOK));
              return entities.<Channel.Posted>askChannel(
                  hook.channelId(),
                  replyTo ->
                      new Channel.Post(hook.hookId(), clientMsgId, message.text(), null, List.of(), List.of(), hook.name(), replyTo));
            })
        .thenApply(posted -> new Reply.Posted(posted.seq(), posted.ts(), posted.duplicate() ? Boolean.TRUE : null));
  }

  private static String detail(StoredHook hook) {
    return "workspace " + hook.workspaceId() + ", hook " + hook.hookId() + " (" + hook.name() + ")";
  }

  private static Views.Hook view(StoredHook hook, String url, String token) {
    return new Views.Hook(hook.hookId(), hook.channelId(), hook.name(), hook.createdBy(), hook.createdAt(), url, token);
  }
}
