package dev.parley.node.audit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.pcollections.PVector;
import org.pcollections.TreePVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment's audit log: what administrators and workspace owners did, who, to what and
 * when, in the order it was recorded. One entity for the deployment; an action is answered only
 * after its entry is in the journal, so every acknowledged action has one. The entries are kept
 * in memory (a few hundred bytes each): administrative actions are rare.
 */
public final class AuditLog
    extends EventSourcedBehaviorWithEnforcedReplies<AuditLog.Command, AuditLog.Event, AuditLog.State> {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "AuditLog");
  private static final String ENTITY_ID = "deployment";

  public sealed interface Command extends CborSerializable {}

  /** {@code target}: a username, user id or workspace id, as {@code action} names it; {@code detail} may be null. */
  public record Append(String actorId, String action, String target, String detail, ActorRef<Outcome<Acknowledged>> replyTo)
      implements Command {}

  /** The {@code limit} newest entries with a seq below {@code before} (0 or less: the newest). */
  public record ReadPage(long before, int limit, ActorRef<Outcome<Page>> replyTo) implements Command {}

  /** Newest first; {@code hasMore}: older entries exist. */
  public record Page(List<Entry> entries, boolean hasMore) implements CborSerializable {}

  public record Entry(long seq, long ts, String actorId, String action, String target, String detail)
      implements CborSerializable {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({@JsonSubTypes.Type(value = Recorded.class, name = "recorded")})
  public sealed interface Event extends CborSerializable {}

  public record Recorded(String actorId, String action, String target, String detail, long ts) implements Event {}

  /** Every entry, oldest first: the entry with seq {@code s} is at index {@code s - 1}. */
  public record State(List<Entry> entries) implements CborSerializable {
    public State {
      entries = entries instanceof PVector<Entry> v ? v : TreePVector.from(entries);
    }

    State with(Recorded e) {
      return new State(((PVector<Entry>) entries).plus(
          new Entry(entries.size() + 1L, e.ts(), e.actorId(), e.action(), e.target(), e.detail())));
    }

    Page page(long before, int limit) {
      int end = before <= 0 || before > entries.size() ? entries.size() : (int) before - 1;
      int start = Math.max(0, end - limit);
      List<Entry> newestFirst = new java.util.ArrayList<>(entries.subList(start, end));
      java.util.Collections.reverse(newestFirst);
      return new Page(List.copyOf(newestFirst), start > 0);
    }
  }

  public static void init(ActorSystem<?> system, int snapshotEvery, PersistFailureBackoff backoff, Clock clock) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> new AuditLog(snapshotEvery, backoff, clock)));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_KEY, ENTITY_ID);
  }

  private final int snapshotEvery;
  private final Clock clock;

  private AuditLog(int snapshotEvery, PersistFailureBackoff backoff, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), ENTITY_ID), backoff.strategy());
    this.snapshotEvery = snapshotEvery;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Append.class, this::append)
        .onCommand(ReadPage.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(state.page(c.before(), c.limit()))))
        .build();
  }

  private ReplyEffect<Event, State> append(State state, Append c) {
    return Effect()
        .persist(new Recorded(c.actorId(), c.action(), c.target(), c.detail(), clock.millis()))
        .thenRun(next -> log.info("Audit {}: user {} did {} to {}", next.entries().size(), c.actorId(), c.action(), c.target()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Recorded.class, State::with).build();
  }
}
