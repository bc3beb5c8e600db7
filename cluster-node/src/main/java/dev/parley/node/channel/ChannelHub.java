package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The node-local fan-out point, one per node. A Channel entity sends each event once to every hub
 * that subscribed (one cluster message per node, not per member); the hub hands it to its local
 * subscribers. A hub's subscription at a Channel is soft state, renewed on a timer, so it heals
 * by itself when the entity moves, passivates or restarts.
 *
 * <p>Each renewal is answered with the channel's newest seq ({@link Subscribed}); the hub passes
 * that on as a {@link Head} whenever it is ahead of what the hub has seen, so subscribers learn of
 * events that were lost on the live path and fetch them, even if no later event arrives.
 */
public final class ChannelHub extends AbstractBehavior<ChannelHub.Command> {

  public sealed interface Command extends CborSerializable {}

  /** A local subscriber wants the events of a channel; it first gets a {@link Head}. */
  public record Subscribe(String channelId, ActorRef<Feed> subscriber) implements Command {}

  public record Unsubscribe(String channelId, ActorRef<Feed> subscriber) implements Command {}

  /** A subscriber is gone: drop all its subscriptions. */
  public record UnsubscribeAll(ActorRef<Feed> subscriber) implements Command {}

  /** A persisted channel event, from the Channel entity. */
  public record Deliver(String channelId, ChannelEvent.Sequenced event) implements Command {}

  /** An ephemeral signal of a member, from the Channel entity: passed on, never stored. */
  public record Relay(String channelId, Signal signal) implements Command {}

  /** The Channel entity's answer to a (renewed) subscription: its newest seq. */
  public record Subscribed(String channelId, long lastSeq) implements Command {}

  private enum Renew implements Command {
    INSTANCE
  }

  /** What subscribers receive. */
  public sealed interface Feed {
    String channelId();
  }

  public record Delivered(String channelId, ChannelEvent.Sequenced event) implements Feed {}

  /** The channel's log reaches at least {@code lastSeq}. */
  public record Head(String channelId, long lastSeq) implements Feed {}

  public record Signalled(String channelId, Signal signal) implements Feed {}

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

  /** Per channel: the local subscribers, the newest seq seen, and whether the Channel confirmed. */
  private static final class Topic {
    final Set<ActorRef<Feed>> subscribers = new HashSet<>();
    long lastSeq = -1;
  }

  private final ClusterSharding sharding;
  private final Map<String, Topic> topics = new HashMap<>();

  public static Behavior<Command> create(Duration renewEvery) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Renew.INSTANCE, renewEvery);
                  return new ChannelHub(context);
                }));
  }

  private ChannelHub(ActorContext<Command> context) {
    super(context);
    this.sharding = ClusterSharding.get(context.getSystem());
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
    topic.subscribers.add(command.subscriber());
    if (topic.lastSeq >= 0) {
      command.subscriber().tell(new Head(command.channelId(), topic.lastSeq));
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    Topic topic = topics.get(command.channelId());
    if (topic != null && topic.subscribers.remove(command.subscriber()) && topic.subscribers.isEmpty()) {
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
    Delivered delivered = new Delivered(deliver.channelId(), deliver.event());
    topic.subscribers.forEach(subscriber -> subscriber.tell(delivered));
    return this;
  }

  private Behavior<Command> onRelay(Relay relay) {
    Topic topic = topics.get(relay.channelId());
    if (topic != null) {
      Signalled signalled = new Signalled(relay.channelId(), relay.signal());
      topic.subscribers.forEach(subscriber -> subscriber.tell(signalled));
    }
    return this;
  }

  private Behavior<Command> onSubscribed(Subscribed subscribed) {
    Topic topic = topics.get(subscribed.channelId());
    if (topic != null && subscribed.lastSeq() > topic.lastSeq) {
      topic.lastSeq = subscribed.lastSeq();
      Head head = new Head(subscribed.channelId(), subscribed.lastSeq());
      topic.subscribers.forEach(subscriber -> subscriber.tell(head));
    }
    return this;
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
