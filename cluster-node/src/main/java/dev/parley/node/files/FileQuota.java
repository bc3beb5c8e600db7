package dev.parley.node.files;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The bytes one user keeps in files, by user id: each stored file is reserved here before it is
 * registered and released when it is removed. One entity per user decides, so two uploads racing
 * cannot both pass the quota.
 */
public final class FileQuota extends EventSourcedBehaviorWithEnforcedReplies<FileQuota.Command, FileQuota.Event, FileQuota.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "FileQuota");

  public sealed interface Command extends CborSerializable {}

  /** Accepted when {@code size} more bytes stay within {@code limit} (or the file was reserved already). */
  public record Reserve(String fileId, long size, long limit, ActorRef<Outcome<Usage>> replyTo) implements Command {}

  public record Release(String fileId, ActorRef<Outcome<Usage>> replyTo) implements Command {}

  public record GetUsage(ActorRef<Outcome<Usage>> replyTo) implements Command {}

  public record Usage(long usedBytes) implements CborSerializable {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Reserved.class, name = "reserved"),
    @JsonSubTypes.Type(value = Released.class, name = "released")
  })
  public sealed interface Event extends CborSerializable {}

  public record Reserved(String fileId, long size) implements Event {}

  public record Released(String fileId) implements Event {}

  /** The size of each file the user keeps, by file id. */
  public record State(Map<String, Long> files, long usedBytes) implements CborSerializable {
    public State {
      files = files instanceof PMap<String, Long> p ? p : HashTreePMap.from(files);
    }

    State plus(String fileId, long size) {
      return new State(((PMap<String, Long>) files).plus(fileId, size), usedBytes + size);
    }

    State minus(String fileId) {
      Long size = files.get(fileId);
      return size == null ? this : new State(((PMap<String, Long>) files).minus(fileId), usedBytes - size);
    }
  }

  public static void init(ActorSystem<?> system, int snapshotEvery, PersistFailureBackoff backoff) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), snapshotEvery, backoff)));
  }

  public static Behavior<Command> create(String userId, int snapshotEvery, PersistFailureBackoff backoff) {
    return new FileQuota(userId, snapshotEvery, backoff);
  }

  private final int snapshotEvery;

  private FileQuota(String userId, int snapshotEvery, PersistFailureBackoff backoff) {
    super(PersistenceId.of(ENTITY_KEY.name(), userId), backoff.strategy());
    this.snapshotEvery = snapshotEvery;
  }

  @Override
  public State emptyState() {
    return new State(HashTreePMap.empty(), 0);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Reserve.class, this::reserve)
        .onCommand(Release.class, this::release)
        .onCommand(GetUsage.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(new Usage(state.usedBytes()))))
        .build();
  }

  private ReplyEffect<Event, State> reserve(State state, Reserve c) {
    if (state.files().containsKey(c.fileId())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(new Usage(state.usedBytes())));
    }
    if (state.usedBytes() + c.size() > c.limit()) {
      return Effect()
          .reply(
              c.replyTo(),
              Outcome.rejected(
                  Outcome.Reason.TOO_MANY,
                  "over your file quota: you keep " + state.usedBytes() + " of " + c.limit() + " bytes, and this file has " + c.size()));
    }
    return Effect()
        .persist(new Reserved(c.fileId(), c.size()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Usage(next.usedBytes())));
  }

  private ReplyEffect<Event, State> release(State state, Release c) {
    if (!state.files().containsKey(c.fileId())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(new Usage(state.usedBytes())));
    }
    return Effect().persist(new Released(c.fileId())).thenReply(c.replyTo(), next -> Outcome.accepted(new Usage(next.usedBytes())));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Reserved.class, (state, e) -> state.plus(e.fileId(), e.size()))
        .onEvent(Released.class, (state, e) -> state.minus(e.fileId()))
        .build();
  }
}
