package dev.parley.node.files;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import java.time.Clock;
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

/**
 * One uploaded file's record, by file id: registered once its bytes are stored, claimed by the one
 * post that carries it, removed with that post. A claim names its post ({@code claimKey}: channel,
 * author and clientMsgId), so a retried post claims its files again and no other post can.
 */
public final class Attachment
    extends EventSourcedBehaviorWithEnforcedReplies<Attachment.Command, Attachment.Event, Attachment.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Attachment");

  public sealed interface Command extends CborSerializable {}

  /** Accepted with the file's record (the earlier one when it was registered already). */
  public record Register(FileInfo info, ActorRef<Outcome<FileInfo>> replyTo) implements Command {}

  /**
   * For the post {@code claimKey} of {@code userId} in {@code channelId}: the file must be that
   * user's, uploaded for that channel, and used by no other post.
   */
  public record Claim(String channelId, String userId, String claimKey, ActorRef<Outcome<FileInfo>> replyTo)
      implements Command {}

  public record Get(ActorRef<Outcome<Stored>> replyTo) implements Command {}

  /** Forgets the file (idempotent); answered with its record, so that its bytes can be removed. */
  public record Remove(ActorRef<Outcome<FileInfo>> replyTo) implements Command {}

  /** Its uploader takes back a file no post uses (an upload abandoned): forgotten like {@link Remove}. */
  public record Discard(String userId, ActorRef<Outcome<FileInfo>> replyTo) implements Command {}

  /** {@code claimKey}: the post that uses it, or null while none does. */
  public record Stored(FileInfo info, String claimKey) implements CborSerializable {
    public boolean used() {
      return claimKey != null;
    }
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = Claimed.class, name = "claimed"),
    @JsonSubTypes.Type(value = Removed.class, name = "removed")
  })
  public sealed interface Event extends CborSerializable {}

  public record Registered(FileInfo info) implements Event {}

  public record Claimed(String claimKey, long ts) implements Event {}

  public record Removed(long ts) implements Event {}

  /** {@code info} is null until registered; {@code removed} once the file is gone for good. */
  public record State(FileInfo info, String claimKey, boolean removed) implements CborSerializable {
    static final State EMPTY = new State(null, null, false);

    boolean present() {
      return info != null && !removed;
    }
  }

  public static void init(ActorSystem<?> system, PersistFailureBackoff backoff, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, context -> create(context.getEntityId(), backoff, clock)));
  }

  public static Behavior<Command> create(String fileId, PersistFailureBackoff backoff, Clock clock) {
    return new Attachment(fileId, backoff, clock);
  }

  private final Clock clock;

  private Attachment(String fileId, PersistFailureBackoff backoff, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), fileId), backoff.strategy());
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::register)
        .onCommand(Claim.class, this::claim)
        .onCommand(Get.class, this::get)
        .onCommand(Remove.class, this::remove)
        .onCommand(Discard.class, this::discard)
        .build();
  }

  private static <T> Outcome<T> noSuchFile() {
    return Outcome.notFound("no such file");
  }

  private ReplyEffect<Event, State> register(State state, Register c) {
    if (state.info() != null) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.info()));
    }
    return Effect().persist(new Registered(c.info())).thenReply(c.replyTo(), next -> Outcome.accepted(next.info()));
  }

  private ReplyEffect<Event, State> claim(State state, Claim c) {
    if (!state.present() || !state.info().uploaderId().equals(c.userId())) {
      return Effect().reply(c.replyTo(), noSuchFile());
    }
    if (!state.info().channelId().equals(c.channelId())) {
      return Effect()
          .reply(c.replyTo(), Outcome.rejected(Outcome.Reason.BAD_REQUEST, "file " + state.info().id() + " was uploaded to another channel"));
    }
    if (c.claimKey().equals(state.claimKey())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.info()));
    }
    if (state.claimKey() != null) {
      return Effect()
          .reply(c.replyTo(), Outcome.rejected(Outcome.Reason.BAD_REQUEST, "file " + state.info().id() + " is already in another message"));
    }
    return Effect()
        .persist(new Claimed(c.claimKey(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(next.info()));
  }

  private ReplyEffect<Event, State> get(State state, Get c) {
    if (!state.present()) {
      return Effect().reply(c.replyTo(), noSuchFile());
    }
    return Effect().reply(c.replyTo(), Outcome.accepted(new Stored(state.info(), state.claimKey())));
  }

  private ReplyEffect<Event, State> remove(State state, Remove c) {
    if (state.info() == null) {
      return Effect().reply(c.replyTo(), noSuchFile());
    }
    if (state.removed()) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.info()));
    }
    return Effect().persist(new Removed(clock.millis())).thenReply(c.replyTo(), next -> Outcome.accepted(next.info()));
  }

  private ReplyEffect<Event, State> discard(State state, Discard c) {
    if (!state.present() || !state.info().uploaderId().equals(c.userId())) {
      return Effect().reply(c.replyTo(), noSuchFile());
    }
    if (state.claimKey() != null) {
      return Effect()
          .reply(c.replyTo(), Outcome.rejected(Outcome.Reason.BAD_REQUEST, "the file is in a message: delete the message to remove it"));
    }
    return Effect().persist(new Removed(clock.millis())).thenReply(c.replyTo(), next -> Outcome.accepted(next.info()));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Registered.class, (state, e) -> new State(e.info(), null, false))
        .onEvent(Claimed.class, (state, e) -> new State(state.info(), e.claimKey(), false))
        .onEvent(Removed.class, (state, e) -> new State(state.info(), state.claimKey(), true))
        .build();
  }
}
