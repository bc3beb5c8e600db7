package dev.parley.node.channel;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The node hubs ({@link ChannelHub}) subscribed to a {@link Channel}: each persisted event and each
 * ephemeral signal of its members is sent once to every one of them. A hub subscribes and renews
 * with {@link Channel.SubscribeHub}, answered with the channel's newest seq; a subscription lapses
 * unless renewed within {@link ChannelSettings#subscriberTtl()}.
 */
final class HubSubscribers {
  private final EffectFactories<ChannelEvent, ChannelState> effect;
  private final String channelId;
  private final ChannelSettings settings;
  private final Clock clock;
  /** Node hubs to publish to, with the time of their last renewal: soft state, never persisted. */
  private final Map<ActorRef<ChannelHub.Command>, Long> hubs = new HashMap<>();

  HubSubscribers(EffectFactories<ChannelEvent, ChannelState> effect, String channelId, ChannelSettings settings, Clock clock) {
    this.effect = effect;
    this.channelId = channelId;
    this.settings = settings;
    this.clock = clock;
  }

  ReplyEffect<ChannelEvent, ChannelState> subscribeHub(ChannelState state, Channel.SubscribeHub c) {
    hubs.put(c.hub(), clock.millis());
    long lastSeq =
        state instanceof ChannelState.Active active
            ? active.lastSeq()
            : state instanceof ChannelState.Deleted deleted ? deleted.lastSeq() : 0;
    c.hub().tell(new ChannelHub.Subscribed(channelId, lastSeq));
    return effect.noReply();
  }

  ReplyEffect<ChannelEvent, ChannelState> unsubscribeHub(ChannelState state, Channel.UnsubscribeHub c) {
    hubs.remove(c.hub());
    return effect.noReply();
  }

  void publish(ChannelEvent.Sequenced event) {
    sendToHubs(new ChannelHub.Deliver(channelId, event));
  }

  void signal(ChannelHub.Signal signal) {
    sendToHubs(new ChannelHub.Relay(channelId, signal));
  }

  private void sendToHubs(ChannelHub.Command message) {
    long expired = clock.millis() - settings.subscriberTtl().toMillis();
    hubs.values().removeIf(renewedAt -> renewedAt < expired);
    hubs.keySet().forEach(hub -> hub.tell(message));
  }
}
