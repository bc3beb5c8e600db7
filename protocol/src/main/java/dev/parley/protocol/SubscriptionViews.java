package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The wire shapes of outgoing event subscriptions (docs/protocol.md, "Event subscriptions"). */
public final class SubscriptionViews {
  private SubscriptionViews() {}

  /**
   * A subscription of a workspace: {@code createdBy} (a user id) made it at {@code createdAt} (ms
   * since the epoch). {@code status} is {@code active} or {@code disabled} (after failing deliveries
   * for too long); {@code failures} counts the failed attempts since the last success, {@code
   * lastError} says what the last failure was. {@code secret} is only in the answer to {@code
   * subscription.create}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Subscription(
      String id,
      String url,
      List<String> events,
      String createdBy,
      Long createdAt,
      String status,
      Integer failures,
      String lastError,
      String secret) {
    @Override
    public String toString() {
      return "Subscription[id=" + id + ", url=" + url + ", status=" + status + "]";
    }
  }

  /** {@code subscription.create}: the new subscription with its signing {@code secret}, shown this once. */
  public record SubscriptionCreated(Subscription subscription) {}

  /** {@code subscription.enable}: the subscription as it is now, active, without its secret. */
  public record SubscriptionEnabled(Subscription subscription) {}

  /** {@code subscription.list}: the workspace's subscriptions, oldest first, without their secrets. */
  public record Subscriptions(List<Subscription> subscriptions) {}
}
