package dev.parley.protocol;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Outgoing event subscriptions of a workspace, managed by its owners and admins: {@code
 * subscription.create} answers the signing secret once; the server then POSTs the workspace's
 * events to the URL, signed with it (docs/protocol.md, "Event subscriptions").
 */
public sealed interface SubscriptionRequest extends Request {
  /**
   * A post that mentions a bot of the workspace, in a channel the bot is a member of: sent once
   * per bot it mentions, private channels and DMs included.
   */
  String BOT_MENTIONED = "bot.mentioned";
  /** The event types a subscription may ask for. */
  Set<String> EVENT_TYPES = Set.of(ChannelEventData.MessagePosted.TYPE, BOT_MENTIONED);
  /** Longer URLs are refused: no receiver needs one, and each is stored and shown. */
  int MAX_URL_CHARS = 2000;

  record SubscriptionCreate(String workspaceId, String url, List<String> events) implements SubscriptionRequest {
    public String op() {
      return "subscription.create";
    }

    public SubscriptionCreate validate(Limits limits) {
      String url = Limits.required("url", this.url).strip();
      if (url.isEmpty() || url.length() > MAX_URL_CHARS) {
        throw ProtocolException.badRequest("field 'url' must have 1.." + MAX_URL_CHARS + " characters");
      }
      List<String> events = Limits.required("events", this.events);
      if (events.isEmpty() || events.stream().anyMatch(type -> type == null || !EVENT_TYPES.contains(type))) {
        throw ProtocolException.badRequest("field 'events' must list one or more of " + new TreeSet<>(EVENT_TYPES));
      }
      return new SubscriptionCreate(limits.id("workspaceId", workspaceId), url, List.copyOf(new LinkedHashSet<>(events)));
    }
  }

  /** The workspace's subscriptions that are not removed, oldest first, without their secrets. */
  record SubscriptionList(String workspaceId) implements SubscriptionRequest {
    public String op() {
      return "subscription.list";
    }

    public SubscriptionList validate(Limits limits) {
      return new SubscriptionList(limits.id("workspaceId", workspaceId));
    }
  }

  /** From now on nothing more is sent to the subscription's URL, pending deliveries included. */
  record SubscriptionRemove(String workspaceId, String subscriptionId) implements SubscriptionRequest {
    public String op() {
      return "subscription.remove";
    }

    public SubscriptionRemove validate(Limits limits) {
      return new SubscriptionRemove(limits.id("workspaceId", workspaceId), limits.id("subscriptionId", subscriptionId));
    }
  }

  /**
   * Resumes a disabled subscription: active again, its failures cleared, sent the events posted
   * from now on. An active one stays as it is.
   */
  record SubscriptionEnable(String workspaceId, String subscriptionId) implements SubscriptionRequest {
    public String op() {
      return "subscription.enable";
    }

    public SubscriptionEnable validate(Limits limits) {
      return new SubscriptionEnable(limits.id("workspaceId", workspaceId), limits.id("subscriptionId", subscriptionId));
    }
  }
}
