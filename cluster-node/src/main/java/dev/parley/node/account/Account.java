package dev.parley.node.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import dev.parley.node.Outcome;
import dev.parley.node.PersistFailureBackoff;
import dev.parley.node.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's credentials, keyed by the normalized username: creating the entity reserves the name,
 * because only one actor ever decides for it. It also holds the ids of the user's live refresh
 * tokens: a refresh token works once, and rotating it replaces it with the next one.
 *
 * <p>Each login starts a family of refresh tokens, which rotation keeps. A spent token that comes
 * back while its family is still live was copied: the thief or the user holds the newest token,
 * and the entity cannot tell which, so the whole family is revoked and both must log in again.
 * Logging out revokes one family, or all of them.
 *
 * <p>States: {@link Unregistered} and {@link Active}. Password hashes never appear in
 * {@code toString}, so they cannot reach a log line.
 */
public final class Account
    extends EventSourcedBehaviorWithEnforcedReplies<Account.Command, Account.Event, Account.State> {
  private static final Logger log = LoggerFactory.getLogger(Account.class);

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Account");

  // Commands

  public sealed interface Command extends CborSerializable {}

  /** {@code admin}: the account administers the deployment (the first account, or the bootstrap admin). */
  public record Register(
      String userId, String passwordHash, String displayName, boolean admin, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    public Register(String userId, String passwordHash, String displayName, ActorRef<Outcome<Credentials>> replyTo) {
      this(userId, passwordHash, displayName, false, replyTo);
    }

    @Override
    public String toString() {
      return "Register[userId=" + userId + "]";
    }
  }

  public record GetCredentials(ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  /** Makes the first token of a new family live: a login. */
  public record IssueRefreshToken(RefreshToken token, ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  /**
   * Spends {@code oldTokenId} and makes {@code next}, of the same family, live; {@code unauthorized}
   * if it is not live, and if it was spent before, its family is revoked.
   */
  public record RotateRefreshToken(String oldTokenId, RefreshToken next, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  /** Logs one login out: its family's tokens stop working. Nothing to revoke is no error. */
  public record RevokeRefreshTokenFamily(String familyId, ActorRef<Outcome<Revoked>> replyTo) implements Command {}

  /** Logs out everywhere: every live token stops working. */
  public record RevokeAllRefreshTokens(ActorRef<Outcome<Revoked>> replyTo) implements Command {}

  /** Makes the account a deployment administrator or not; {@code by}: the administrator's user id. */
  public record SetAdmin(boolean admin, String by, ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  /** Deactivates the account (every login ends, none is allowed) or reactivates it. */
  public record SetDeactivated(boolean deactivated, String by, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {}

  /** An administrator's password reset: the hash of a token shown once, spendable once until {@code expiresAt}. */
  public record IssuePasswordReset(String tokenHash, long expiresAt, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "IssuePasswordReset[expiresAt=" + expiresAt + "]";
    }
  }

  /** Spends a reset token on a new password; every login ends. */
  public record RedeemPasswordReset(String tokenHash, String passwordHash, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "RedeemPasswordReset[]";
    }
  }

  /** The user's own new password (the edge checked the current one); logins but {@code keptFamily} end. */
  public record ChangePassword(String passwordHash, String keptFamily, ActorRef<Outcome<Credentials>> replyTo)
      implements Command {
    @Override
    public String toString() {
      return "ChangePassword[]";
    }
  }

  public record ChangeDisplayName(String displayName, ActorRef<Outcome<Credentials>> replyTo) implements Command {}

  // Replies

  /**
   * {@code admin}: administers the deployment; {@code deactivated}: may not log in. Both are false
   * in events and snapshots written before they existed.
   */
  public record Credentials(
      String userId, String username, String passwordHash, String displayName, boolean admin, boolean deactivated)
      implements CborSerializable {
    public Credentials(String userId, String username, String passwordHash, String displayName) {
      this(userId, username, passwordHash, displayName, false, false);
    }

    Credentials with(String hash, String name, boolean isAdmin, boolean isDeactivated) {
      return new Credentials(userId, username, hash, name, isAdmin, isDeactivated);
    }

    @Override
    public String toString() {
      return "Credentials[userId=" + userId + ", username=" + username + ", admin=" + admin + ", deactivated=" + deactivated + "]";
    }
  }

  /** How many live families a revocation ended. */
  public record Revoked(int families) implements CborSerializable {}

  // Events

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Registered.class, name = "registered"),
    @JsonSubTypes.Type(value = RefreshTokenIssued.class, name = "refresh-token-issued"),
    @JsonSubTypes.Type(value = RefreshTokenRotated.class, name = "refresh-token-rotated"),
    @JsonSubTypes.Type(value = RefreshTokenFamilyRevoked.class, name = "refresh-token-family-revoked"),
    @JsonSubTypes.Type(value = AllRefreshTokensRevoked.class, name = "all-refresh-tokens-revoked"),
    @JsonSubTypes.Type(value = AdminChanged.class, name = "admin-changed"),
    @JsonSubTypes.Type(value = DeactivationChanged.class, name = "deactivation-changed"),
    @JsonSubTypes.Type(value = PasswordResetIssued.class, name = "password-reset-issued"),
    @JsonSubTypes.Type(value = PasswordChanged.class, name = "password-changed"),
    @JsonSubTypes.Type(value = DisplayNameChanged.class, name = "display-name-changed")
  })
  public sealed interface Event extends CborSerializable {}

  /** {@code admin} is null in events written before administrators existed: not one. */
  public record Registered(String userId, String username, String passwordHash, String displayName, long ts, Boolean admin)
      implements Event {
    public Registered(String userId, String username, String passwordHash, String displayName, long ts) {
      this(userId, username, passwordHash, displayName, ts, null);
    }

    @Override
    public String toString() {
      return "Registered[userId=" + userId + ", username=" + username + "]";
    }
  }

  /** {@code ts}: when it was issued; tokens expired by then are dropped (replay never reads the clock). */
  public record RefreshTokenIssued(RefreshToken token, long ts) implements Event {}

  public record RefreshTokenRotated(String oldTokenId, RefreshToken token, long ts) implements Event {}

  /** Why a family was revoked. */
  public enum Revocation {
    /** A spent token of it was presented again: it was copied. */
    REUSE,
    LOGOUT
  }

  public record RefreshTokenFamilyRevoked(String familyId, Revocation cause, long ts) implements Event {}

  /** Logged out everywhere. */
  public record AllRefreshTokensRevoked(long ts) implements Event {}

  public record AdminChanged(boolean admin, String by, long ts) implements Event {}

  /** Deactivating also ends every login and drops a pending password reset. */
  public record DeactivationChanged(boolean deactivated, String by, long ts) implements Event {}

  public record PasswordResetIssued(String tokenHash, long expiresAt, long ts) implements Event {
    @Override
    public String toString() {
      return "PasswordResetIssued[expiresAt=" + expiresAt + "]";
    }
  }

  /** A new password, by the user or through a reset; logins end but {@code keptFamily} (null: all). */
  public record PasswordChanged(String passwordHash, String keptFamily, long ts) implements Event {
    @Override
    public String toString() {
      return "PasswordChanged[ts=" + ts + "]";
    }
  }

  public record DisplayNameChanged(String displayName, long ts) implements Event {}

  // State

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Unregistered.class, name = "unregistered"),
    @JsonSubTypes.Type(value = Active.class, name = "active")
  })
  public sealed interface State extends CborSerializable {}

  public record Unregistered() implements State {}

  /** {@code familyId} is null in tokens issued before families existed: each is its own family. */
  public record RefreshToken(String tokenId, long expiresAt, String familyId) implements CborSerializable {
    public String family() {
      return familyId == null ? tokenId : familyId;
    }
  }

  /** The token a family's last rotation spent, and when. */
  public record SpentToken(String tokenId, String familyId, long spentAt) implements CborSerializable {}

  /** A pending password reset: the SHA-256 of its token, never the token. */
  public record PendingReset(String tokenHash, long expiresAt) implements CborSerializable {
    @Override
    public String toString() {
      return "PendingReset[expiresAt=" + expiresAt + "]";
    }
  }

  /**
   * The credentials, the live refresh tokens (oldest first), and for each live family the token
   * its last rotation spent: spent again moments later, that is two tabs of one browser racing,
   * not a thief. {@code spentTokens} is null in snapshots taken before it existed. {@code reset}:
   * the pending password reset, or null.
   */
  public record Active(
      Credentials credentials, List<RefreshToken> refreshTokens, List<SpentToken> spentTokens, PendingReset reset)
      implements State {
    public Active(Credentials credentials, List<RefreshToken> refreshTokens, List<SpentToken> spentTokens) {
      this(credentials, refreshTokens, spentTokens, null);
    }

    public Active {
      refreshTokens = refreshTokens instanceof PVector<RefreshToken> v ? v : TreePVector.from(refreshTokens);
      spentTokens =
          spentTokens == null
              ? TreePVector.empty()
              : spentTokens instanceof PVector<SpentToken> v ? v : TreePVector.from(spentTokens);
    }

    boolean isLive(String tokenId, long now) {
      return refreshTokens.stream().anyMatch(t -> t.tokenId().equals(tokenId) && t.expiresAt() > now);
    }

    boolean isLiveFamily(String familyId, long now) {
      return refreshTokens.stream().anyMatch(t -> t.family().equals(familyId) && t.expiresAt() > now);
    }

    long liveFamilies(long now) {
      return refreshTokens.stream().filter(t -> t.expiresAt() > now).map(RefreshToken::family).distinct().count();
    }

    /** Whether {@code tokenId} is what its family's last rotation spent, after {@code since}. */
    boolean spentAfter(String tokenId, long since) {
      return spentTokens.stream().anyMatch(s -> s.tokenId().equals(tokenId) && s.spentAt() > since);
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
      return with(next, spentTokens);
    }

    Active withoutToken(String tokenId) {
      return with(refreshTokens.stream().filter(t -> !t.tokenId().equals(tokenId)).toList(), spentTokens);
    }

    Active withSpent(SpentToken spent) {
      List<SpentToken> others = spentTokens.stream().filter(s -> !s.familyId().equals(spent.familyId())).toList();
      return with(refreshTokens, TreePVector.from(others).plus(spent));
    }

    Active withoutFamily(String familyId) {
      return with(refreshTokens.stream().filter(t -> !t.family().equals(familyId)).toList(), spentTokens);
    }

    Active withoutTokens() {
      return new Active(credentials, List.of(), List.of(), reset);
    }

    /** Only {@code familyId}'s tokens stay live (none when it is null). */
    Active keepingFamily(String familyId) {
      return with(refreshTokens.stream().filter(t -> t.family().equals(familyId)).toList(), spentTokens);
    }

    Active withCredentials(Credentials next) {
      return new Active(next, refreshTokens, spentTokens, reset);
    }

    Active withReset(PendingReset next) {
      return new Active(credentials, refreshTokens, spentTokens, next);
    }

    boolean resetMatches(String tokenHash, long now) {
      return reset != null
          && reset.expiresAt() > now
          && java.security.MessageDigest.isEqual(
              reset.tokenHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              tokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Spent tokens are kept only for families that still have a live token. */
    private Active with(List<RefreshToken> tokens, List<SpentToken> spent) {
      List<SpentToken> kept =
          spent.stream().filter(s -> tokens.stream().anyMatch(t -> t.family().equals(s.familyId()))).toList();
      return new Active(credentials, tokens, kept, reset);
    }
  }

  /**
   * Settings of this entity type. {@code refreshReuseGrace}: how long after a rotation the token it
   * spent may be spent again without revoking its family (refused all the same), so that tabs of
   * one browser that refresh the pair they share at the same moment do not log each other out.
   */
  public record Settings(
      int snapshotEvery, int maxRefreshTokens, Duration refreshReuseGrace, PersistFailureBackoff persistFailureBackoff) {}

  // Wiring

  public static void init(ActorSystem<?> system, Settings settings, Clock clock) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, entityContext -> create(entityContext.getEntityId(), settings, clock)));
  }

  public static Behavior<Command> create(String username, Settings settings, Clock clock) {
    return LogContext.withMdc(Map.of(LogContext.USERNAME, username), new Account(username, settings, clock));
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
        .onCommand(RotateRefreshToken.class, (state, c) -> Effect().reply(c.replyTo(), spent()))
        .onCommand(RevokeRefreshTokenFamily.class, (state, c) -> Effect().reply(c.replyTo(), nothingRevoked()))
        .onCommand(RevokeAllRefreshTokens.class, (state, c) -> Effect().reply(c.replyTo(), nothingRevoked()))
        .onCommand(SetAdmin.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(SetDeactivated.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(IssuePasswordReset.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RedeemPasswordReset.class, (state, c) -> Effect().reply(c.replyTo(), invalidReset()))
        .onCommand(ChangePassword.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ChangeDisplayName.class, (state, c) -> Effect().reply(c.replyTo(), notFound()));
    builder
        .forStateType(Active.class)
        .onCommand(Register.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.conflict("username is taken")))
        .onCommand(GetCredentials.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(state.credentials())))
        .onCommand(IssueRefreshToken.class, this::issue)
        .onCommand(RotateRefreshToken.class, this::rotate)
        .onCommand(RevokeRefreshTokenFamily.class, this::revokeFamily)
        .onCommand(RevokeAllRefreshTokens.class, this::revokeAll)
        .onCommand(SetAdmin.class, this::setAdmin)
        .onCommand(SetDeactivated.class, this::setDeactivated)
        .onCommand(IssuePasswordReset.class, this::issueReset)
        .onCommand(RedeemPasswordReset.class, this::redeemReset)
        .onCommand(ChangePassword.class, this::changePassword)
        .onCommand(ChangeDisplayName.class, this::changeDisplayName);
    return builder.build();
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such account");
  }

  private static <T> Outcome<T> spent() {
    return Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "refresh token is not valid");
  }

  private static Outcome<Revoked> nothingRevoked() {
    return Outcome.accepted(new Revoked(0));
  }

  private static <T> Outcome<T> deactivated() {
    return Outcome.forbidden("this account is deactivated");
  }

  private static <T> Outcome<T> invalidReset() {
    return Outcome.rejected(Outcome.Reason.UNAUTHORIZED, "invalid or expired reset token");
  }

  private ReplyEffect<Event, State> register(Unregistered state, Register c) {
    Registered registered =
        new Registered(c.userId(), username, c.passwordHash(), c.displayName(), clock.millis(), c.admin() ? Boolean.TRUE : null);
    return Effect()
        .persist(registered)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).credentials()));
  }

  private ReplyEffect<Event, State> issue(Active state, IssueRefreshToken c) {
    if (state.credentials().deactivated()) {
      return Effect().reply(c.replyTo(), deactivated());
    }
    return Effect()
        .persist(new RefreshTokenIssued(c.token(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(state.credentials()));
  }

  /**
   * A token that is not live is refused. If its family still is, the token was spent before and
   * someone kept a copy: the family is revoked, unless this is the token the family's last
   * rotation spent, within the grace (another tab of the same browser lost the race).
   */
  private ReplyEffect<Event, State> rotate(Active state, RotateRefreshToken c) {
    long now = clock.millis();
    if (state.credentials().deactivated()) {
      return Effect().reply(c.replyTo(), deactivated());
    }
    if (state.isLive(c.oldTokenId(), now)) {
      return Effect()
          .persist(new RefreshTokenRotated(c.oldTokenId(), c.next(), now))
          .thenReply(c.replyTo(), next -> Outcome.accepted(state.credentials()));
    }
    String familyId = c.next().family();
    if (!state.isLiveFamily(familyId, now)
        || state.spentAfter(c.oldTokenId(), now - settings.refreshReuseGrace().toMillis())) {
      return Effect().reply(c.replyTo(), spent());
    }
    String userId = state.credentials().userId();
    return Effect()
        .persist(new RefreshTokenFamilyRevoked(familyId, Revocation.REUSE, now))
        .thenRun(
            next ->
                log.warn(
                    "Refresh token reuse: user {} spent a refresh token of family {} again; the family is revoked",
                    userId,
                    familyId))
        .thenReply(c.replyTo(), next -> spent());
  }

  private ReplyEffect<Event, State> revokeFamily(Active state, RevokeRefreshTokenFamily c) {
    if (!state.isLiveFamily(c.familyId(), clock.millis())) {
      return Effect().reply(c.replyTo(), nothingRevoked());
    }
    String userId = state.credentials().userId();
    return Effect()
        .persist(new RefreshTokenFamilyRevoked(c.familyId(), Revocation.LOGOUT, clock.millis()))
        .thenRun(next -> log.info("User {} logged out: refresh token family {} revoked", userId, c.familyId()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Revoked(1)));
  }

  private ReplyEffect<Event, State> revokeAll(Active state, RevokeAllRefreshTokens c) {
    int families = (int) state.liveFamilies(clock.millis());
    if (families == 0) {
      return Effect().reply(c.replyTo(), nothingRevoked());
    }
    String userId = state.credentials().userId();
    return Effect()
        .persist(new AllRefreshTokensRevoked(clock.millis()))
        .thenRun(next -> log.info("User {} logged out everywhere: {} refresh token families revoked", userId, families))
        .thenReply(c.replyTo(), next -> Outcome.accepted(new Revoked(families)));
  }

  private ReplyEffect<Event, State> setAdmin(Active state, SetAdmin c) {
    if (state.credentials().admin() == c.admin()) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.credentials()));
    }
    String change = (c.admin() ? "is now" : "is no longer") + " a deployment administrator (by " + c.by() + ")";
    return persistAndLog(new AdminChanged(c.admin(), c.by(), clock.millis()), c.replyTo(), change);
  }

  private ReplyEffect<Event, State> setDeactivated(Active state, SetDeactivated c) {
    if (state.credentials().deactivated() == c.deactivated()) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.credentials()));
    }
    String change = (c.deactivated() ? "deactivated, every login ended" : "reactivated") + " (by " + c.by() + ")";
    return persistAndLog(new DeactivationChanged(c.deactivated(), c.by(), clock.millis()), c.replyTo(), change);
  }

  private ReplyEffect<Event, State> issueReset(Active state, IssuePasswordReset c) {
    if (state.credentials().deactivated()) {
      return Effect().reply(c.replyTo(), deactivated());
    }
    return persistAndLog(
        new PasswordResetIssued(c.tokenHash(), c.expiresAt(), clock.millis()), c.replyTo(), "was given a password reset token");
  }

  private ReplyEffect<Event, State> redeemReset(Active state, RedeemPasswordReset c) {
    if (state.credentials().deactivated()) {
      return Effect().reply(c.replyTo(), deactivated());
    }
    if (!state.resetMatches(c.tokenHash(), clock.millis())) {
      return Effect().reply(c.replyTo(), invalidReset());
    }
    return persistAndLog(
        new PasswordChanged(c.passwordHash(), null, clock.millis()), c.replyTo(), "set a new password with a reset token, every login ended");
  }

  private ReplyEffect<Event, State> changePassword(Active state, ChangePassword c) {
    if (state.credentials().deactivated()) {
      return Effect().reply(c.replyTo(), deactivated());
    }
    return persistAndLog(
        new PasswordChanged(c.passwordHash(), c.keptFamily(), clock.millis()), c.replyTo(), "changed their password, their other logins ended");
  }

  private ReplyEffect<Event, State> changeDisplayName(Active state, ChangeDisplayName c) {
    if (state.credentials().displayName().equals(c.displayName())) {
      return Effect().reply(c.replyTo(), Outcome.accepted(state.credentials()));
    }
    return Effect()
        .persist(new DisplayNameChanged(c.displayName(), clock.millis()))
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).credentials()));
  }

  /** Persists {@code event}, logs "User <id> <change>" and answers the new credentials. */
  private ReplyEffect<Event, State> persistAndLog(Event event, ActorRef<Outcome<Credentials>> replyTo, String change) {
    return Effect()
        .persist(event)
        .thenRun(next -> log.info("User {} {}", ((Active) next).credentials().userId(), change))
        .thenReply(replyTo, next -> Outcome.accepted(((Active) next).credentials()));
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
                new Active(
                    new Credentials(
                        e.userId(), e.username(), e.passwordHash(), e.displayName(), Boolean.TRUE.equals(e.admin()), false),
                    List.of(),
                    List.of()));
    builder
        .forStateType(Active.class)
        .onEvent(
            RefreshTokenIssued.class,
            (state, e) -> state.withToken(e.token(), settings.maxRefreshTokens(), e.ts()))
        .onEvent(
            RefreshTokenRotated.class,
            (state, e) ->
                state
                    .withoutToken(e.oldTokenId())
                    .withToken(e.token(), settings.maxRefreshTokens(), e.ts())
                    .withSpent(new SpentToken(e.oldTokenId(), e.token().family(), e.ts())))
        .onEvent(RefreshTokenFamilyRevoked.class, (state, e) -> state.withoutFamily(e.familyId()))
        .onEvent(AllRefreshTokensRevoked.class, (state, e) -> state.withoutTokens())
        .onEvent(AdminChanged.class, (state, e) -> state.withCredentials(changed(state, null, null, e.admin(), null)))
        .onEvent(
            DeactivationChanged.class,
            (state, e) ->
                e.deactivated()
                    ? state.withoutTokens().withReset(null).withCredentials(changed(state, null, null, null, true))
                    : state.withCredentials(changed(state, null, null, null, false)))
        .onEvent(PasswordResetIssued.class, (state, e) -> state.withReset(new PendingReset(e.tokenHash(), e.expiresAt())))
        .onEvent(
            PasswordChanged.class,
            (state, e) ->
                state.keepingFamily(e.keptFamily()).withReset(null).withCredentials(changed(state, e.passwordHash(), null, null, null)))
        .onEvent(DisplayNameChanged.class, (state, e) -> state.withCredentials(changed(state, null, e.displayName(), null, null)));
    return builder.build();
  }

  /** The credentials with what is not null replaced. */
  private static Credentials changed(Active state, String hash, String displayName, Boolean admin, Boolean deactivated) {
    Credentials c = state.credentials();
    return c.with(
        hash == null ? c.passwordHash() : hash,
        displayName == null ? c.displayName() : displayName,
        admin == null ? c.admin() : admin,
        deactivated == null ? c.deactivated() : deactivated);
  }
}
