package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The node-local fan-out point, one per node. A Channel entity sends each event once to every hub
 * that subscribed (one cluster message per node, not per member); the hub renders it once ({@link
 * FeedRenderer}) and hands it to its local subscribers by a method call, not a message each: a
 * delivery to a thousand sockets is a thousand calls on this thread, not a thousand mailbox hops.
 * A hub's subscription at a Channel is soft state, renewed on a timer, so it heals by itself when
 * the entity moves, passivates or restarts.
 *
 * <p>Each renewal is answered with the channel's newest seq ({@link Subscribed}); the hub passes
 * that on as a head whenever it is ahead of what the hub has seen, so subscribers learn of events
 * that were lost on the live path and fetch them, even if no later event arrives.
 */
public final class ChannelHub<R> extends AbstractBehavior<ChannelHub.Command> {

  public sealed interface Command extends CborSerializable {}

  /**
   * A local subscriber wants the events of a channel; it first gets the head the hub knows. Local
   * only, like the two below: they hold a subscriber object, never sent to another node.
   */
  public record Subscribe(String channelId, HubSubscriber<?> subscriber) implements Command {}

  public record Unsubscribe(String channelId, HubSubscriber<?> subscriber) implements Command {}

  /** A subscriber is gone: drop all its subscriptions. */
  public record UnsubscribeAll(HubSubscriber<?> subscriber) implements Command {}

  /** A persisted channel event, from the Channel entity. */
  public record Deliver(String channelId, ChannelEvent.Sequenced event) implements Command {}

  /** An ephemeral signal of a member, from the Channel entity: passed on, never stored. */
  public record Relay(String channelId, Signal signal) implements Command {}

  /** The Channel entity's answer to a (renewed) subscription: its newest seq. */
  public record Subscribed(String channelId, long lastSeq) implements Command {}

  private enum Renew implements Command {
    INSTANCE
  }

  /**
   * What members say that is not part of the log. Typed by name: a {@link Relay} to a hub on
   * another node carries it as a field, which Jackson cannot restore from an interface alone.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = TypingSignal.class, name = "typing"),
    @JsonSubTypes.Type(value = ReceiptSignal.class, name = "receipt")
  })
  public sealed interface Signal extends CborSerializable {
    String userId();
  }

  public record TypingSignal(String userId) implements Signal {}

  /** A DM member read up to {@code seq}. */
  public record ReceiptSignal(String userId, long seq) implements Signal {}

  /** Per channel: the local subscribers and the newest seq seen. */
  private final class Topic {
    final Set<HubSubscriber<R>> subscribers = new LinkedHashSet<>();
    long lastSeq = -1;
  }

  private final ClusterSharding sharding;
  private final FeedRenderer<R> renderer;
  private final Map<String, Topic> topics = new HashMap<>();

  public static <R> Behavior<Command> create(Duration renewEvery, FeedRenderer<R> renderer) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Renew.INSTANCE, renewEvery);
                  return new ChannelHub<>(context, renderer);
                }));
  }

  private ChannelHub(ActorContext<Command> context, FeedRenderer<R> renderer) {
    super(context);
    this.sharding = ClusterSharding.get(context.getSystem());
    this.renderer = renderer;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(UnsubscribeAll.class, this::onUnsubscribeAll)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Relay.class, this::onRelay)
        .onMessage(Subscribed.class, this::onSubscribed)
        .onMessageEquals(Renew.INSTANCE, this::onRenew)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe command) {
    Topic topic = topics.get(command.channelId());
    if (topic == null) {
      topic = new Topic();
      topics.put(command.channelId(), topic);
      subscribeAt(command.channelId());
    }
    HubSubscriber<R> subscriber = ours(command.subscriber());
    topic.subscribers.add(subscriber);
    if (topic.lastSeq >= 0) {
      long lastSeq = topic.lastSeq;
      call(subscriber, s -> s.head(command.channelId(), lastSeq));
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    Topic topic = topics.get(command.channelId());
    if (topic != null && topic.subscribers.remove(ours(command.subscriber())) && topic.subscribers.isEmpty()) {
      topics.remove(command.channelId());
      channel(command.channelId()).tell(new Channel.UnsubscribeHub(getContext().getSelf()));
    }
    return this;
  }

  private Behavior<Command> onUnsubscribeAll(UnsubscribeAll command) {
    for (String channelId : Set.copyOf(topics.keySet())) {
      onUnsubscribe(new Unsubscribe(channelId, command.subscriber()));
    }
    return this;
  }

  private Behavior<Command> onDeliver(Deliver deliver) {
    Topic topic = topics.get(deliver.channelId());
    if (topic == null) {
      channel(deliver.channelId()).tell(new Channel.UnsubscribeHub(getContext().getSelf()));
      return this;
    }
    topic.lastSeq = Math.max(topic.lastSeq, deliver.event().seq());
    R rendered = renderer.event(deliver.channelId(), deliver.event());
    for (HubSubscriber<R> subscriber : topic.subscribers) {
      call(subscriber, s -> s.delivered(deliver.channelId(), deliver.event(), rendered));
    }
    return this;
  }

  private Behavior<Command> onRelay(Relay relay) {
    Topic topic = topics.get(relay.channelId());
    if (topic != null) {
      R rendered = renderer.signal(relay.channelId(), relay.signal());
      for (HubSubscriber<R> subscriber : topic.subscribers) {
        call(subscriber, s -> s.signalled(relay.channelId(), relay.signal(), rendered));
      }
    }
    return this;
  }

  private Behavior<Command> onSubscribed(Subscribed subscribed) {
    Topic topic = topics.get(subscribed.channelId());
    if (topic != null && subscribed.lastSeq() > topic.lastSeq) {
      topic.lastSeq = subscribed.lastSeq();
      for (HubSubscriber<R> subscriber : topic.subscribers) {
        call(subscriber, s -> s.head(subscribed.channelId(), subscribed.lastSeq()));
      }
    }
    return this;
  }

  /** One subscriber's failure must not stop the hub: every socket of the node depends on it. */
  private void call(HubSubscriber<R> subscriber, Consumer<HubSubscriber<R>> call) {
    try {
      call.accept(subscriber);
    } catch (RuntimeException e) {
      getContext().getLog().error("Channel hub: a subscriber failed to take a delivery", e);
    }
  }

  /** A node has one hub and one renderer, and its subscribers are made for that renderer. */
  @SuppressWarnings("unchecked")
  private HubSubscriber<R> ours(HubSubscriber<?> subscriber) {
    return (HubSubscriber<R>) subscriber;
  }

  private Behavior<Command> onRenew() {
    topics.keySet().forEach(this::subscribeAt);
    return this;
  }

  private void subscribeAt(String channelId) {
    channel(channelId).tell(new Channel.SubscribeHub(getContext().getSelf()));
  }

  private EntityRef<Channel.Command> channel(String channelId) {
    return sharding.entityRefFor(Channel.ENTITY_KEY, channelId);
  }
}
