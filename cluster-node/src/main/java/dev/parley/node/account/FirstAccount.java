package dev.parley.node.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.Acknowledged;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import java.time.Clock;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who registered the deployment's first account, which becomes its first administrator and needs
 * no invite. One entity for the whole deployment, so that of two registrations racing on a fresh
 * deployment exactly one is first. A claim by the same username again (a retried registration)
 * is first again; nobody is first once other accounts exist (a deployment from before
 * administrators: its operator names one with {@code PARLEY_BOOTSTRAP_ADMIN}).
 */
public final class FirstAccount
    extends EventSourcedBehaviorWithEnforcedReplies<FirstAccount.Command, FirstAccount.Event, FirstAccount.State> {
  private static final Logger log = LoggerFactory.getLogger(FirstAccount.class);

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "FirstAccount");
  private static final String ENTITY_ID = "deployment";

  public sealed interface Command extends CborSerializable {}

  /**
   * Accepted if {@code username} is (or already was) the first account; {@code forbidden} if
   * another is, or if {@code othersExist} (accounts are in the journal already).
   */
  public record Claim(String username, boolean othersExist, ActorRef<Outcome<Acknowledged>> replyTo) implements Command {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({@JsonSubTypes.Type(value = Claimed.class, name = "claimed")})
  public sealed interface Event extends CborSerializable {}

  public record Claimed(String username, long ts) implements Event {}

  /** {@code username}: the first account's, or null while there is none. */
  public record State(String username) implements CborSerializable {}

  public static void init(ActorSystem<?> system, PersistFailureBackoff backoff, Clock clock) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, context -> new FirstAccount(backoff, clock)));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_KEY, ENTITY_ID);
  }

  private final Clock clock;

  private FirstAccount(PersistFailureBackoff backoff, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), ENTITY_ID), backoff.strategy());
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState().onCommand(Claim.class, this::claim).build();
  }

  private ReplyEffect<Event, State> claim(State state, Claim c) {
    if (c.username().equals(state.username())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(Acknowledged.INSTANCE));
    }
    if (state.username() != null || c.othersExist()) {
      return Effect().reply(c.replyTo(), Outcome.forbidden("not the first account"));
    }
    return Effect()
        .persist(new Claimed(c.username(), clock.millis()))
        .thenRun(next -> log.info("Account {} is the deployment's first account and administrator", c.username()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(Acknowledged.INSTANCE));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Claimed.class, (state, e) -> new State(e.username())).build();
  }
}
