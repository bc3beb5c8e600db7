package dev.parley.node.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
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
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * A user's credentials, keyed by the normalized username: creating the entity reserves the name,
 * because only one actor ever decides for it. It also holds the ids of the user's live refresh
 * tokens: a refresh token works once, and rotating it replaces it with the next one.
 *
 * <p>States: {@link Unregistered} and {@link Registered}. Password hashes never appear in
 * {@code toString}, so they cannot reach a log line.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Account");

  // Commands

  public sealed interface Command extends CborSerializable {}

  public record Register(String userId, String passwordHash, String displayName, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "Register[userId=" + userId + "]";
    }
  }

  public record GetCredentials(ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  public record IssueRefreshToken(String tokenId, long expiresAt, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  /** Spends {@code oldTokenId} and makes {@code newTokenId} live; {@code unauthorized} if spent. */
  public record RotateRefreshToken(
      String oldTokenId, String newTokenId, long expiresAt, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  // Replies

  public record Credentials(String userId, String username, String passwordHash, String displayName)
      implements CborSerializable {
    @Override
    public String toString() {
      return "Credentials[userId=" + userId + ", username=" + username + "]";
    }
  }

  // Events

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = RefreshTokenIssued.class, name = "refresh-token-issued"),
    @JsonSubTypes.Type(value = RefreshTokenRotated.class, name = "refresh-token-rotated")
  })
  public sealed interface Event extends CborSerializable {}

  public record Registered(String userId, String username, String passwordHash, String displayName, long ts)
      implements Event {
    @Override
    public String toString() {
      return "Registered[userId=" + userId + ", username=" + username + "]";
    }
  }

  /** {@code ts}: when it was issued; tokens expired by then are dropped (replay never reads the clock). */
  public record RefreshTokenIssued(RefreshToken token, long ts) implements Event {}

  public record RefreshTokenRotated(String oldTokenId, RefreshToken token, long ts) implements Event {}

  // State

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Unregistered.class, name = "unregistered"),
    @JsonSubTypes.Type(value = Active.class, name = "active")
  })
  public sealed interface State extends CborSerializable {}

  public record Unregistered() implements State {}

  public record RefreshToken(String tokenId, long expiresAt) implements CborSerializable {}

  /** The credentials and the live refresh tokens, oldest first. */
  public record Active(Credentials credentials, List<RefreshToken> refreshTokens) implements State {
    public Active {
      refreshTokens = refreshTokens instanceof PVector<RefreshToken> v ? v : TreePVector.from(refreshTokens);
    }

    boolean isLive(String tokenId, long now) {
      return refreshTokens.stream().anyMatch(t -> t.tokenId().equals(tokenId) && t.expiresAt() > now);
    }

    Active withToken(RefreshToken token, int capacity, long now) {
      PVector<RefreshToken> next = TreePVector.empty();
      for (RefreshToken t : refreshTokens) {
        if (t.expiresAt() > now) {
          next = next.plus(t);
        }
      }
      next = next.plus(token);
      while (next.size() > capacity) {
        next = next.minus(0);
      }
      return new Active(credentials, next);
    }

    Active withoutToken(String tokenId) {
      return new Active(credentials, refreshTokens.stream().filter(t -> !t.tokenId().equals(tokenId)).toList());
    }
  }

  /** Settings of this entity type. */
  public record Settings(int snapshotEvery, int maxRefreshTokens, PersistFailureBackoff persistFailureBackoff) {}

  // Wiring

  public static void init(ActorSystem<?> system, Settings settings, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, entityContext -> create(entityContext.getEntityId(), settings, clock)));
  }

  public static Behavior<Command> create(String username, Settings settings, Clock clock) {
    return new Account(username, settings, clock);
  }

  private final String username;
  private final Settings settings;
  private final Clock clock;

  private Account(String username, Settings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), username), settings.persistFailureBackoff().strategy());
    this.username = username;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public State emptyState() {
    return new Unregistered();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  // Command handlers

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, State> builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(Unregistered.class)
        .onCommand(Register.class, this::register)
        .onCommand(GetCredentials.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(IssueRefreshToken.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RotateRefreshToken.class, (state, c) -> Effect().reply(c.replyTo(), spent()));
    builder
        .forStateType(Active.class)
        .onCommand(Register.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.conflict("username is taken")))
        .onCommand(GetCredentials.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(state.credentials())))
        .onCommand(IssueRefreshToken.class, this::issue)
        .onCommand(RotateRefreshToken.class, this::rotate);
    return builder.build();
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such account");
  }

  private static <T> Outcome<T> spent() {
    return Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "refresh token is not valid");
  }

  private ReplyEffect<Event, State> register(Unregistered state, Register c) {
    Registered registered = new Registered(c.userId(), username, c.passwordHash(), c.displayName(), clock.millis());
    return Effect()
        .persist(registered)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).credentials()));
  }

  private ReplyEffect<Event, State> issue(Active state, IssueRefreshToken c) {
    return Effect()
        .persist(new RefreshTokenIssued(new RefreshToken(c.tokenId(), c.expiresAt()), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(state.credentials()));
  }

  private ReplyEffect<Event, State> rotate(Active state, RotateRefreshToken c) {
    if (!state.isLive(c.oldTokenId(), clock.millis())) {
      return Effect().reply(c.replyTo(), spent());
    }
    return Effect()
        .persist(
            new RefreshTokenRotated(c.oldTokenId(), new RefreshToken(c.newTokenId(), c.expiresAt()), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(state.credentials()));
  }

  // Event handler

  @Override
  public EventHandler<State, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder
        .forStateType(Unregistered.class)
        .onEvent(
            Registered.class,
            (state, e) ->
                new Active(new Credentials(e.userId(), e.username(), e.passwordHash(), e.displayName()), List.of()));
    builder
        .forStateType(Active.class)
        .onEvent(
            RefreshTokenIssued.class,
            (state, e) -> state.withToken(e.token(), settings.maxRefreshTokens(), e.ts()))
        .onEvent(
            RefreshTokenRotated.class,
            (state, e) ->
                state.withoutToken(e.oldTokenId()).withToken(e.token(), settings.maxRefreshTokens(), e.ts()));
    return builder.build();
  }
}
