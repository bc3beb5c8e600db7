package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.ops.Metrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * A channel (public, private or DM): its members and its log. The log is gap-free: every change is
 * a {@link ChannelEvent.Sequenced} with {@code seq} 1, 2, 3, ... This entity is the only writer of
 * its log and decides who may read and write it.
 *
 * <p>States: {@link Empty} (never created: everything but {@link Create} is {@code not_found}) and
 * {@link Active}. Replies are sent only after the events are persisted; each persisted event is
 * then sent once to every node hub that subscribed ({@link ChannelHub}).
 */
public final class Channel
    extends EventSourcedBehaviorWithEnforcedReplies<Channel.Command, ChannelEvent, Channel.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Channel");

  // Commands

  public sealed interface Command extends CborSerializable {}

  public record Create(
      String workspaceId,
      String name,
      ChannelKind kind,
      String topic,
      String creatorId,
      ActorRef<Outcome<Summary>> replyTo)
      implements Command {}

  public record Join(String userId, ActorRef<Outcome<Joined>> replyTo) implements Command {}

  public record Leave(String userId, ActorRef<Outcome<Left>> replyTo) implements Command {}

  public record Post(
      String userId, String clientMsgId, String text, Long threadSeq, ActorRef<Outcome<Posted>> replyTo)
      implements Command {}

  /** The channel as {@code userId} may see it. */
  public record GetSummary(String userId, ActorRef<Outcome<Summary>> replyTo) implements Command {}

  /**
   * Events by seq: after {@code afterSeq}, or before {@code beforeSeq}, or the newest when both are
   * absent (negative). Bounds are exclusive.
   */
  public record ReadEvents(
      String userId, long afterSeq, long beforeSeq, int limit, ActorRef<Outcome<EventsPage>> replyTo)
      implements Command {}

  /** Answered with {@link ChannelHub.Subscribed}, to the hub. */
  public record SubscribeHub(ActorRef<ChannelHub.Command> hub) implements Command {}

  public record UnsubscribeHub(ActorRef<ChannelHub.Command> hub) implements Command {}

  private record JournalRead(
      ActorRef<Outcome<EventsPage>> replyTo, List<ChannelEvent.Sequenced> events, boolean hasMore, Throwable failure)
      implements Command {}

  // Replies

  public record Summary(
      String channelId, String workspaceId, String name, ChannelKind kind, String topic, long lastSeq, boolean member)
      implements CborSerializable {}

  /**
   * {@code seq} is the seq of the member.joined event that made the user a member (the earlier one
   * on a repeated join, so a retry sees the same answer); {@code newlyJoined} is false on a repeat.
   */
  public record Joined(Summary channel, long seq, boolean newlyJoined) implements CborSerializable {}

  public record Left(long seq) implements CborSerializable {}

  public record Posted(long seq, long ts, boolean duplicate) implements CborSerializable {}

  public record EventsPage(List<ChannelEvent.Sequenced> events, boolean hasMore) implements CborSerializable {}

  // State

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Empty.class, name = "empty"),
    @JsonSubTypes.Type(value = Active.class, name = "active")
  })
  public sealed interface State extends CborSerializable {}

  public record Empty() implements State {}

  /** {@code members} maps each member to the seq of the member.joined event that added them. */
  public record Active(
      ChannelEvent.Created info, Map<String, Long> members, long lastSeq, RecentEvents recent, RecentPostIds postIds)
      implements State {
    public Active {
      members = members instanceof PMap<String, Long> map ? map : HashTreePMap.from(members);
    }

    boolean isMember(String userId) {
      return members.containsKey(userId);
    }

    boolean isPublic() {
      return info.kind() == ChannelKind.PUBLIC;
    }

    Summary summaryFor(String userId) {
      return new Summary(
          info.channelId(), info.workspaceId(), info.name(), info.kind(), info.topic(), lastSeq, isMember(userId));
    }

    Active withMember(String userId, long joinedSeq) {
      return new Active(info, ((PMap<String, Long>) members).plus(userId, joinedSeq), lastSeq, recent, postIds);
    }

    Active withoutMember(String userId) {
      return new Active(info, ((PMap<String, Long>) members).minus(userId), lastSeq, recent, postIds);
    }

    Active appended(ChannelEvent.Sequenced event, ChannelSettings settings) {
      return new Active(info, members, event.seq(), recent.append(event, settings.recentEvents()), postIds);
    }

    Active withPost(ChannelEvent.MessagePosted post, ChannelSettings settings) {
      RecentPostIds ids =
          postIds.remember(
              new RecentPostIds.Entry(post.author(), post.clientMsgId(), post.seq(), post.ts()),
              settings.recentPostIds());
      return new Active(info, members, lastSeq, recent, ids);
    }
  }

  // Wiring

  public static void init(ActorSystem<?> system, ChannelSettings settings, ChannelHistory history, Clock clock) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY,
                entityContext -> create(entityContext.getEntityId(), settings, history, clock)));
  }

  public static PersistenceId persistenceId(String channelId) {
    return PersistenceId.of(ENTITY_KEY.name(), channelId);
  }

  public static Behavior<Command> create(
      String channelId, ChannelSettings settings, ChannelHistory history, Clock clock) {
    return Behaviors.setup(context -> new Channel(context, channelId, settings, history, clock));
  }

  private final ActorContext<Command> context;
  private final String channelId;
  private final ChannelSettings settings;
  private final ChannelHistory history;
  private final Clock clock;
  /** Node hubs to publish to, with the time of their last renewal: soft state, never persisted. */
  private final Map<ActorRef<ChannelHub.Command>, Long> hubs = new HashMap<>();

  private Channel(
      ActorContext<Command> context, String channelId, ChannelSettings settings, ChannelHistory history, Clock clock) {
    super(
        persistenceId(channelId),
        settings.persistFailureBackoff().strategy());
    this.context = context;
    this.channelId = channelId;
    this.settings = settings;
    this.history = history;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new Empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder().build();
  }

  // Command handlers

  @Override
  public CommandHandlerWithReply<Command, ChannelEvent, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, ChannelEvent, State> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Empty.class)
        .onCommand(Create.class, this::create)
        .onCommand(Join.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Leave.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Post.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(GetSummary.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ReadEvents.class, (state, c) -> Effect().reply(c.replyTo(), notFound()));
    builder
        .forStateType(Active.class)
        .onCommand(Create.class, this::createAgain)
        .onCommand(Join.class, this::join)
        .onCommand(Leave.class, this::leave)
        .onCommand(Post.class, this::post)
        .onCommand(GetSummary.class, this::getSummary)
        .onCommand(ReadEvents.class, this::readEvents)
        .onCommand(JournalRead.class, this::journalRead);
    builder
        .forAnyState()
        .onCommand(SubscribeHub.class, this::subscribeHub)
        .onCommand(UnsubscribeHub.class, this::unsubscribeHub)
        .onCommand(JournalRead.class, (state, c) -> Effect().reply(c.replyTo(), notFound()));
    return builder.build();
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such channel");
  }

  private ReplyEffect<ChannelEvent, State> create(Empty state, Create c) {
    long now = clock.millis();
    ChannelEvent.Created created =
        new ChannelEvent.Created(channelId, c.workspaceId(), c.name(), c.kind(), c.topic(), c.creatorId(), now);
    ChannelEvent.MemberJoined joined = new ChannelEvent.MemberJoined(1, c.creatorId(), now);
    return Effect()
        .persist(List.of(created, joined))
        .thenRun(next -> publish(joined))
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).summaryFor(c.creatorId())));
  }

  /** A retried create (the caller did not get the first answer) is answered like the first one. */
  private ReplyEffect<ChannelEvent, State> createAgain(Active state, Create c) {
    ChannelEvent.Created info = state.info();
    boolean sameRequest =
        info.workspaceId().equals(c.workspaceId())
            && info.name().equals(c.name())
            && info.createdBy().equals(c.creatorId());
    if (!sameRequest) {
      return Effect().reply(c.replyTo(), Outcome.conflict("channel id already in use"));
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.creatorId())));
  }

  private ReplyEffect<ChannelEvent, State> join(Active state, Join c) {
    if (state.isMember(c.userId())) {
      Summary summary = state.summaryFor(c.userId());
      return Effect()
          .reply(c.replyTo(), Outcome.accepted(new Joined(summary, state.members().get(c.userId()), false)));
    }
    if (!state.isPublic()) {
      return Effect().reply(c.replyTo(), notFound());
    }
    ChannelEvent.MemberJoined joined = new ChannelEvent.MemberJoined(state.lastSeq() + 1, c.userId(), clock.millis());
    return Effect()
        .persist(joined)
        .thenRun(next -> publish(joined))
        .thenReply(
            c.replyTo(),
            next -> Outcome.accepted(new Joined(((Active) next).summaryFor(c.userId()), joined.seq(), true)));
  }

  private ReplyEffect<ChannelEvent, State> leave(Active state, Leave c) {
    if (!state.isMember(c.userId())) {
      return Effect()
          .reply(c.replyTo(), state.isPublic() ? Outcome.accepted(new Left(state.lastSeq())) : notFound());
    }
    ChannelEvent.MemberLeft left = new ChannelEvent.MemberLeft(state.lastSeq() + 1, c.userId(), clock.millis());
    return Effect()
        .persist(left)
        .thenRun(next -> publish(left))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Left(left.seq())));
  }

  private ReplyEffect<ChannelEvent, State> post(Active state, Post c) {
    Outcome<Posted> refusal = refuseNonMember(state, c.userId(), "join the channel to post");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    var earlier = state.postIds().find(c.userId(), c.clientMsgId());
    if (earlier.isPresent()) {
      RecentPostIds.Entry first = earlier.get();
      return Effect().reply(c.replyTo(), Outcome.accepted(new Posted(first.seq(), first.ts(), true)));
    }
    if (c.threadSeq() != null && c.threadSeq() > state.lastSeq()) {
      return Effect()
          .reply(c.replyTo(), Outcome.rejected(Outcome.Reason.BAD_REQUEST, "no message at threadSeq"));
    }
    long started = System.nanoTime();
    ChannelEvent.MessagePosted posted =
        new ChannelEvent.MessagePosted(
            state.lastSeq() + 1, c.userId(), c.text(), clock.millis(), c.clientMsgId(), c.threadSeq(), List.of());
    return Effect()
        .persist(posted)
        .thenRun(
            next -> {
              Metrics.persisted(started);
              Metrics.POSTS.inc();
              publish(posted);
            })
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Posted(posted.seq(), posted.ts(), false)));
  }

  private ReplyEffect<ChannelEvent, State> getSummary(Active state, GetSummary c) {
    if (!state.isMember(c.userId()) && !state.isPublic()) {
      return Effect().reply(c.replyTo(), notFound());
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(state.summaryFor(c.userId())));
  }

  private ReplyEffect<ChannelEvent, State> readEvents(Active state, ReadEvents c) {
    Outcome<EventsPage> refusal = refuseNonMember(state, c.userId(), "join the channel to read it");
    if (refusal != null) {
      return Effect().reply(c.replyTo(), refusal);
    }
    long from;
    long to;
    boolean hasMore;
    if (c.afterSeq() >= 0) {
      // A client may send any seq up to 2^63-1: clamp it first, so adding the limit cannot overflow.
      long after = Math.min(c.afterSeq(), state.lastSeq());
      from = after + 1;
      to = Math.min(state.lastSeq(), after + c.limit());
      hasMore = to < state.lastSeq();
    } else {
      long before = c.beforeSeq() >= 0 ? Math.min(c.beforeSeq(), state.lastSeq() + 1) : state.lastSeq() + 1;
      to = before - 1;
      from = Math.max(1, before - c.limit());
      hasMore = from > 1;
    }
    if (from > to) {
      return Effect().reply(c.replyTo(), Outcome.accepted(new EventsPage(List.of(), false)));
    }
    if (state.recent().covers(from)) {
      return Effect().reply(c.replyTo(), Outcome.accepted(new EventsPage(state.recent().range(from, to), hasMore)));
    }
    context.pipeToSelf(
        history.read(channelId, from, to),
        (events, failure) -> new JournalRead(c.replyTo(), events, hasMore, failure));
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, State> journalRead(Active state, JournalRead c) {
    if (c.failure() != null) {
      context.getLog().warn("Channel {} could not read its journal: {}", channelId, c.failure().toString());
      return Effect().reply(c.replyTo(), Outcome.rejected(Outcome.Reason.UNAVAILABLE, "history is unavailable"));
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(new EventsPage(c.events(), c.hasMore())));
  }

  /** Null when the user is a member; otherwise the refusal that does not reveal a private channel. */
  private static <T> Outcome<T> refuseNonMember(Active state, String userId, String message) {
    if (state.isMember(userId)) {
      return null;
    }
    return state.isPublic() ? Outcome.forbidden(message) : notFound();
  }

  private ReplyEffect<ChannelEvent, State> subscribeHub(State state, SubscribeHub c) {
    hubs.put(c.hub(), clock.millis());
    long lastSeq = state instanceof Active active ? active.lastSeq() : 0;
    c.hub().tell(new ChannelHub.Subscribed(channelId, lastSeq));
    return Effect().noReply();
  }

  private ReplyEffect<ChannelEvent, State> unsubscribeHub(State state, UnsubscribeHub c) {
    hubs.remove(c.hub());
    return Effect().noReply();
  }

  private void publish(ChannelEvent.Sequenced event) {
    long expired = clock.millis() - settings.subscriberTtl().toMillis();
    hubs.values().removeIf(renewedAt -> renewedAt < expired);
    ChannelHub.Deliver deliver = new ChannelHub.Deliver(channelId, event);
    hubs.keySet().forEach(hub -> hub.tell(deliver));
  }

  // Event handler

  @Override
  public EventHandler<State, ChannelEvent> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder
        .forStateType(Empty.class)
        .onEvent(
            ChannelEvent.Created.class,
            (state, created) ->
                new Active(created, HashTreePMap.empty(), 0, RecentEvents.empty(), RecentPostIds.empty()));
    builder
        .forStateType(Active.class)
        .onEvent(
            ChannelEvent.MemberJoined.class,
            (state, e) -> state.withMember(e.userId(), e.seq()).appended(e, settings))
        .onEvent(
            ChannelEvent.MemberLeft.class,
            (state, e) -> state.withoutMember(e.userId()).appended(e, settings))
        .onEvent(
            ChannelEvent.MessagePosted.class,
            (state, e) -> state.appended(e, settings).withPost(e, settings));
    return builder.build();
  }
}
