package dev.parley.node.subscriptions;

import dev.parley.node.Acknowledged;
import dev.parley.node.Blocking;
import dev.parley.node.Outcome;
import dev.parley.node.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of deliveries: the due ones are POSTed at once, each signed with its subscription's
 * secret ({@link SubscriptionSecret}), and their outcomes recorded in one transaction ({@link
 * DeliveryQueue}): a 2xx delivers, anything else (another status, a redirect, a timeout, a refused
 * address, an untrusted certificate) is a failure, retried with backoff. A subscription that this
 * round disabled is recorded in the deployment's audit log ({@code subscription.disabled}, by
 * {@value #ACTOR}), where the administrators' console shows it, and its creator is emailed ({@link
 * CreatorEmail}).
 */
final class DeliveryRound {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRound.class);
  /** The audit log's actor for what the server did on its own. */
  static final String ACTOR = "parley";
  static final String DISABLED_ACTION = "subscription.disabled";
  private static final int OK_MIN = 200;
  private static final int OK_MAX = 299;

  private record Attempt(DeliveryQueue.Due delivery, String error) {}

  private final DataSource dataSource;
  private final DeliveryQueue queue;
  private final ReceiverPolicy policy;
  private final Blocking blocking;
  private final HttpClient http;
  private final EntityRef<AuditLog.Command> audit;
  private final CreatorEmail creatorEmail;
  private final Duration requestTimeout;
  private final Duration askTimeout;
  private final int batchSize;
  private final Clock clock;

  DeliveryRound(
      ActorSystem<?> system,
      DataSource dataSource,
      DeliveryQueue queue,
      ReceiverPolicy policy,
      Blocking blocking,
      SubscriptionSettings settings,
      CreatorEmail creatorEmail,
      Duration askTimeout,
      Clock clock) {
    this.dataSource = dataSource;
    this.queue = queue;
    this.policy = policy;
    this.blocking = blocking;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            // A redirect could lead past the address check: it is a failure like any other non-2xx.
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(settings.trust().context())
            .build();
    this.audit = AuditLog.ref(system);
    this.creatorEmail = creatorEmail;
    this.requestTimeout = settings.requestTimeout();
    this.askTimeout = askTimeout;
    this.batchSize = settings.batchSize();
    this.clock = clock;
  }

  /** Whether the round took a whole batch: the next may start at once. */
  CompletionStage<Boolean> run() {
    return blocking
        .run(() -> {
          try (Connection connection = dataSource.getConnection()) {
            return queue.due(connection, clock.millis(), batchSize);
          }
        })
        .thenCompose(
            due -> {
              List<CompletableFuture<Attempt>> attempts = due.stream().map(d -> attempt(d).toCompletableFuture()).toList();
              return CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                  .thenCompose(done -> blocking.run(() -> record(attempts.stream().map(CompletableFuture::join).toList())))
                  .thenCompose(this::tell)
                  .thenApply(done -> due.size() == batchSize);
            });
  }

  private CompletionStage<Attempt> attempt(DeliveryQueue.Due delivery) {
    URI uri = URI.create(delivery.url());
    return blocking
        .run(() -> policy.resolved(uri))
        .thenCompose(
            addresses -> {
              long timestamp = clock.instant().getEpochSecond();
              HttpRequest request =
                  HttpRequest.newBuilder(uri)
                      .timeout(requestTimeout)
                      .header("Content-Type", "application/json")
                      .header("User-Agent", "Parley")
                      .header("X-Parley-Event-Id", delivery.eventId())
                      .header("X-Parley-Timestamp", Long.toString(timestamp))
                      .header("X-Parley-Signature", SubscriptionSecret.signature(delivery.secret(), timestamp, delivery.body()))
                      .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                      .build();
              return http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            })
        .handle(
            (response, failure) -> {
              if (failure != null) {
                return new Attempt(delivery, error(ReceiverPolicy.cause(failure)));
              }
              int status = response.statusCode();
              return new Attempt(delivery, status >= OK_MIN && status <= OK_MAX ? null : "HTTP " + status);
            });
  }

  private static String error(Throwable cause) {
    if (cause instanceof ReceiverPolicy.Refused refused) {
      return refused.getMessage();
    }
    if (cause instanceof HttpTimeoutException) {
      return "timed out";
    }
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  private List<DeliveryQueue.Disabled> record(List<Attempt> attempts) throws Exception {
    List<DeliveryQueue.Disabled> disabled = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long now = clock.millis();
        for (Attempt attempt : attempts) {
          if (attempt.error() == null) {
            queue.succeeded(connection, attempt.delivery());
          } else {
            Optional<DeliveryQueue.Disabled> off = queue.failed(connection, attempt.delivery(), attempt.error(), now);
            off.ifPresent(disabled::add);
          }
        }
        connection.commit();
      } catch (Exception e) {
        connection.rollback();
        throw e;
      }
    }
    return disabled;
  }

  /**
   * The audit entries and the creators' emails of the subscriptions just disabled; one that cannot
   * be written or sent is logged instead.
   */
  private CompletionStage<Void> tell(List<DeliveryQueue.Disabled> disabled) {
    List<CompletableFuture<Void>> entries = new ArrayList<>();
    for (DeliveryQueue.Disabled off : disabled) {
      log.warn("Subscription {} of workspace {} disabled after {} failed deliveries: {}", off.subscriptionId(), off.workspaceId(), off.failures(), off.lastError());
      String detail =
          "subscription " + off.subscriptionId() + " (" + off.url() + ") disabled after " + off.failures() + " failed deliveries: " + off.lastError();
      entries.add(
          audit
              .<Outcome<Acknowledged>>ask(replyTo -> new AuditLog.Append(ACTOR, DISABLED_ACTION, off.workspaceId(), detail, replyTo), askTimeout)
              .toCompletableFuture()
              .handle(
                  (outcome, failure) -> {
                    if (failure != null || !(outcome instanceof Outcome.Accepted<Acknowledged>)) {
                      log.warn("The audit entry of disabling subscription {} was not written: {}", off.subscriptionId(), failure != null ? failure : outcome);
                    }
                    return null;
                  }));
      entries.add(creatorEmail.send(off).toCompletableFuture());
    }
    return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new));
  }
}
