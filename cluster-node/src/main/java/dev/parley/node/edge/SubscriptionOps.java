package dev.parley.node.edge;

import dev.parley.node.Ids;
import dev.parley.node.subscriptions.ReceiverPolicy;
import dev.parley.node.subscriptions.StoredSubscription;
import dev.parley.node.subscriptions.SubscriptionSecret;
import dev.parley.node.subscriptions.SubscriptionStore;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.SubscriptionRequest;
import dev.parley.protocol.SubscriptionViews;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing event subscriptions: the owners and admins of a workspace make, list, resume and remove them
 * ({@code parley_subscription}, {@link SubscriptionStore}); the subscription dispatcher delivers.
 * The URL must pass the {@link ReceiverPolicy} when it is made. The signing secret is answered
 * once and reaches neither logs nor errors nor the audit log: a subscription is named by its id.
 */
final class SubscriptionOps {
  private static final Logger log = LoggerFactory.getLogger(SubscriptionOps.class);
  private static final String NO_SUCH_WORKSPACE = "no such workspace";
  private static final String NO_SUCH_SUBSCRIPTION = "no such subscription";
  /** Subscription ids: 's' and 20 random base32 characters, as other ids. */
  private static final char ID_PREFIX = 's';
  /** The audit action of a resumed subscription, as the server's own is {@code subscription.disabled}. */
  private static final String ENABLED_ACTION = "subscription.enabled";

  private final Entities entities;
  private final OwnerAudit audit;
  private final SubscriptionStore store;
  private final ReceiverPolicy policy;
  private final Clock clock;

  SubscriptionOps(Entities entities, OwnerAudit audit, SubscriptionStore store, ReceiverPolicy policy, Clock clock) {
    this.entities = entities;
    this.audit = audit;
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  boolean serves(Request request) {
    return request instanceof SubscriptionRequest;
  }

  CompletionStage<?> handle(String userId, Request request) {
    if (request instanceof SubscriptionRequest.SubscriptionCreate r) {
      return create(userId, r);
    } else if (request instanceof SubscriptionRequest.SubscriptionList r) {
      return managed(userId, r.workspaceId(), "list event subscriptions")
          .thenCompose(member -> store.listed(r.workspaceId()))
          .thenApply(list -> new SubscriptionViews.Subscriptions(list.stream().map(s -> view(s, null)).toList()));
    } else if (request instanceof SubscriptionRequest.SubscriptionEnable r) {
      return enable(userId, r);
    }
    return remove(userId, (SubscriptionRequest.SubscriptionRemove) request);
  }

  /** The caller's membership if an owner or admin of the workspace: {@code forbidden} for its other members, {@code not_found} for everyone else. */
  private CompletionStage<Workspace.Summary> managed(String userId, String workspaceId, String what) {
    return entities
        .requireMember(workspaceId, userId, NO_SUCH_WORKSPACE)
        .thenApply(
            member -> {
              if (!member.role().canModerate()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only workspace owners and admins " + what);
              }
              return member;
            });
  }

  /**
   * Checks the URL, stores the subscription, then records it in the audit log. Not idempotent: a
   * retry after a lost answer makes a second one, and the first, whose secret nobody saw, is listed
   * for removing.
   */
  private CompletionStage<SubscriptionViews.SubscriptionCreated> create(String userId, SubscriptionRequest.SubscriptionCreate r) {
    return managed(userId, r.workspaceId(), "create event subscriptions")
        .thenCompose(member -> policy.checked(r.url()))
        .exceptionally(
            failure -> {
              Throwable cause = ReceiverPolicy.cause(failure);
              if (cause instanceof ReceiverPolicy.Refused refused) {
                throw ProtocolException.badRequest("field 'url': " + refused.getMessage());
              }
              throw cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
            })
        .thenCompose(
            uri -> {
              String secret = SubscriptionSecret.generate();
              StoredSubscription subscription =
                  new StoredSubscription(
                      Ids.random(ID_PREFIX), r.workspaceId(), uri.toString(), r.events(), userId, clock.millis(),
                      StoredSubscription.Status.ACTIVE, 0, null);
              return store
                  .insert(subscription, secret)
                  .thenCompose(stored -> audit.record(userId, r.op(), r.workspaceId(), detail(subscription)))
                  .thenApply(
                      done -> {
                        log.info("Subscription {} of workspace {} created by user {}", subscription.subscriptionId(), r.workspaceId(), userId);
                        return new SubscriptionViews.SubscriptionCreated(view(subscription, secret));
                      });
            });
  }

  private CompletionStage<Reply.Empty> remove(String userId, SubscriptionRequest.SubscriptionRemove r) {
    return managed(userId, r.workspaceId(), "remove event subscriptions")
        .thenCompose(member -> store.remove(r.workspaceId(), r.subscriptionId(), clock.millis()))
        .thenCompose(
            removed -> {
              if (!removed) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_SUBSCRIPTION);
              }
              log.info("Subscription {} of workspace {} removed by user {}", r.subscriptionId(), r.workspaceId(), userId);
              return audit.record(userId, r.op(), r.workspaceId(), "subscription " + r.subscriptionId());
            })
        .thenApply(done -> new Reply.Empty());
  }

  /** Resumes a disabled subscription and records that in the audit log; an active one is answered as it is. */
  private CompletionStage<SubscriptionViews.SubscriptionEnabled> enable(String userId, SubscriptionRequest.SubscriptionEnable r) {
    return managed(userId, r.workspaceId(), "resume event subscriptions")
        .thenCompose(member -> store.enable(r.workspaceId(), r.subscriptionId(), clock.millis()))
        .thenCompose(
            found -> {
              SubscriptionStore.Resumed enabled = found.orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_SUBSCRIPTION));
              if (!enabled.resumed()) {
                return CompletableFuture.completedFuture(enabled.subscription());
              }
              log.info("Subscription {} of workspace {} resumed by user {}", r.subscriptionId(), r.workspaceId(), userId);
              return audit
                  .record(userId, ENABLED_ACTION, r.workspaceId(), "subscription " + r.subscriptionId())
                  .thenApply(done -> enabled.subscription());
            })
        .thenApply(subscription -> new SubscriptionViews.SubscriptionEnabled(view(subscription, null)));
  }

  private static String detail(StoredSubscription s) {
    return "subscription " + s.subscriptionId() + " to " + s.url() + " for " + String.join(", ", s.events());
  }

  private static SubscriptionViews.Subscription view(StoredSubscription s, String secret) {
    return new SubscriptionViews.Subscription(
        s.subscriptionId(), s.url(), s.events(), s.createdBy(), s.createdAt(), s.status().wire(), s.failures(), s.lastError(), secret);
  }
}
