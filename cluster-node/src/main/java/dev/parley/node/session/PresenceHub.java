package dev.parley.node.session;

import dev.parley.node.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The node-local presence fan-out point, one per node. A presence change goes from the node of the
 * user's session to every node's hub once ({@link Deliver}: one cluster message per node, whatever
 * the size of the user's workspaces), and each hub hands it to its local connections of those
 * workspaces, once per connection however many of the workspaces they share. The user's own
 * connections are not told, and members without a live connection are not told anything: no
 * UserSession is woken by a presence change.
 *
 * <p>Hubs find each other through the receptionist under one key ({@link #KEY}), registered once
 * when the hub starts, so a connection's subscription is known to this hub alone and takes effect
 * at once. The cost is that a hub is sent the changes of every workspace, also of those it has no
 * connection of, and drops those: a lookup per change. Scoping by workspace (a receptionist key
 * or a pub-sub topic per workspace) would register a node for a workspace only when its first
 * connection of it arrives, and the other nodes see such a registration a fraction of a second to
 * a few seconds later (Distributed Data gossip): changes in that window would be lost for that
 * node, which is every member's first moments in a small team spread over the nodes.
 *
 * <p>A hub tells its connections in batches: the changes it learns during {@code batchWindow}
 * (the latest per user) reach each connection as one {@link UserSession.PresenceBatch}. In a
 * workspace of a thousand members coming online at a hundred a second, that is a message per
 * connection per window instead of a hundred a second per connection (issue 15, target 6).
 * Between nodes a change still travels at once, one message per node.
 *
 * <p>Per-workspace state exists only while a local connection is in the workspace: subscribers are
 * dropped when they unsubscribe or stop.
 */
public final class PresenceHub extends AbstractBehavior<PresenceHub.Command> {

  /** The hubs of all nodes. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "presence-hubs");

  public sealed interface Command extends CborSerializable {}

  /**
   * A local connection of {@code userId} wants the presence changes of the members of {@code
   * workspaceIds}, as notices; added to what it had. Local only, like {@link UnsubscribeAll}.
   */
  public record Subscribe(String userId, Set<String> workspaceIds, ActorRef<UserSession.Notice> subscriber)
      implements Command {}

  /** The connection's user was removed from {@code workspaceId}: it hears no more of its members. Local only. */
  public record Unsubscribe(ActorRef<UserSession.Notice> subscriber, String workspaceId) implements Command {}

  /** A connection is gone: drop all its subscriptions. */
  public record UnsubscribeAll(ActorRef<UserSession.Notice> subscriber) implements Command {}

  /** From a UserSession on this node: {@code userId} now shows {@code status} in {@code workspaceIds}. */
  public record Publish(String userId, String status, Set<String> workspaceIds) implements Command {}

  /** A change published on another node, sent once to this node. */
  public record Deliver(String userId, String status, Set<String> workspaceIds) implements Command {}

  private record HubsListed(Receptionist.Listing listing) implements Command {}

  private record SubscriberStopped(ActorRef<UserSession.Notice> subscriber) implements Command {}

  /** Timer: tell the local connections what changed since the last flush. */
  private enum Flush implements Command {
    INSTANCE
  }

  /** One local connection: its user and the workspaces it follows. */
  private record Subscription(String userId, Set<String> workspaceIds) {}

  /** The hubs of the other nodes, as the receptionist last listed them. */
  private Set<ActorRef<Command>> peers = Set.of();

  /** Per workspace, its local subscribers with their user; a workspace without one has no entry. */
  private final Map<String, Map<ActorRef<UserSession.Notice>, String>> workspaces = new HashMap<>();

  private final Map<ActorRef<UserSession.Notice>, Subscription> subscribers = new HashMap<>();

  /** The changes not yet told, the latest per user, in the order of each user's latest change. */
  private final Map<String, Deliver> pending = new LinkedHashMap<>();

  private final TimerScheduler<Command> timers;
  private final Duration batchWindow;

  /** {@code batchWindow}: how long a change may wait to be told together with the next ones. */
  public static Behavior<Command> create(Duration batchWindow) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> new PresenceHub(context, timers, batchWindow)));
  }

  private PresenceHub(ActorContext<Command> context, TimerScheduler<Command> timers, Duration batchWindow) {
    super(context);
    this.timers = timers;
    this.batchWindow = batchWindow;
    ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
    receptionist.tell(Receptionist.register(KEY, context.getSelf()));
    receptionist.tell(Receptionist.subscribe(KEY, context.messageAdapter(Receptionist.Listing.class, HubsListed::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(UnsubscribeAll.class, command -> unsubscribe(command.subscriber()))
        .onMessage(Unsubscribe.class, this::onUnsubscribe)
        .onMessage(SubscriberStopped.class, stopped -> unsubscribe(stopped.subscriber()))
        .onMessage(Publish.class, this::onPublish)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .onMessage(HubsListed.class, this::onHubsListed)
        .build();
  }

  private Behavior<Command> onSubscribe(Subscribe command) {
    ActorRef<UserSession.Notice> subscriber = command.subscriber();
    Subscription known = subscribers.get(subscriber);
    if (known == null) {
      getContext().watchWith(subscriber, new SubscriberStopped(subscriber));
      known = new Subscription(command.userId(), new HashSet<>());
      subscribers.put(subscriber, known);
    }
    for (String workspaceId : command.workspaceIds()) {
      if (known.workspaceIds().add(workspaceId)) {
        workspaces.computeIfAbsent(workspaceId, id -> new LinkedHashMap<>()).put(subscriber, known.userId());
      }
    }
    return this;
  }

  private Behavior<Command> unsubscribe(ActorRef<UserSession.Notice> subscriber) {
    Subscription known = subscribers.remove(subscriber);
    if (known == null) {
      return this;
    }
    getContext().unwatch(subscriber);
    for (String workspaceId : known.workspaceIds()) {
      dropFrom(workspaceId, subscriber);
    }
    return this;
  }

  private Behavior<Command> onUnsubscribe(Unsubscribe command) {
    Subscription known = subscribers.get(command.subscriber());
    if (known != null && known.workspaceIds().remove(command.workspaceId())) {
      dropFrom(command.workspaceId(), command.subscriber());
    }
    return this;
  }

  private void dropFrom(String workspaceId, ActorRef<UserSession.Notice> subscriber) {
    Map<ActorRef<UserSession.Notice>, String> local = workspaces.get(workspaceId);
    if (local != null) {
      local.remove(subscriber);
      if (local.isEmpty()) {
        workspaces.remove(workspaceId);
      }
    }
  }

  private Behavior<Command> onPublish(Publish publish) {
    Deliver deliver = new Deliver(publish.userId(), publish.status(), publish.workspaceIds());
    for (ActorRef<Command> peer : peers) {
      peer.tell(deliver);
    }
    return onDeliver(deliver);
  }

  private Behavior<Command> onDeliver(Deliver deliver) {
    pending.remove(deliver.userId());
    pending.put(deliver.userId(), deliver);
    if (!timers.isTimerActive(Flush.INSTANCE)) {
      timers.startSingleTimer(Flush.INSTANCE, batchWindow);
    }
    return this;
  }

  /**
   * Each local subscriber of any of a change's workspaces, but the user's own connections, hears
   * it once, in one batch with the other changes it hears.
   */
  private Behavior<Command> onFlush() {
    Map<ActorRef<UserSession.Notice>, List<UserSession.PresenceChanged>> batches = new HashMap<>();
    for (Deliver deliver : pending.values()) {
      Set<ActorRef<UserSession.Notice>> told = new HashSet<>();
      UserSession.PresenceChanged change = new UserSession.PresenceChanged(deliver.userId(), deliver.status());
      for (String workspaceId : deliver.workspaceIds()) {
        Map<ActorRef<UserSession.Notice>, String> local = workspaces.get(workspaceId);
        if (local == null) {
          continue;
        }
        local.forEach(
            (subscriber, userId) -> {
              if (!userId.equals(deliver.userId()) && told.add(subscriber)) {
                batches.computeIfAbsent(subscriber, s -> new ArrayList<>()).add(change);
              }
            });
      }
    }
    pending.clear();
    batches.forEach((subscriber, changes) -> subscriber.tell(new UserSession.PresenceBatch(List.copyOf(changes))));
    return this;
  }

  private Behavior<Command> onHubsListed(HubsListed listed) {
    Set<ActorRef<Command>> others = new HashSet<>(listed.listing().getServiceInstances(KEY));
    others.remove(getContext().getSelf());
    peers = Set.copyOf(others);
    return this;
  }
}
