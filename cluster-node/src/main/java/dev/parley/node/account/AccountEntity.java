package dev.parley.node.account;

import static dev.parley.node.account.Account.ENTITY_KEY;

import dev.parley.node.Outcome;
import dev.parley.node.account.Account.Active;
import dev.parley.node.account.Account.AdminChanged;
import dev.parley.node.account.Account.AllRefreshTokensRevoked;
import dev.parley.node.account.Account.ChangeDisplayName;
import dev.parley.node.account.Account.ChangePassword;
import dev.parley.node.account.Account.Command;
import dev.parley.node.account.Account.Credentials;
import dev.parley.node.account.Account.DeactivationChanged;
import dev.parley.node.account.Account.DisplayNameChanged;
import dev.parley.node.account.Account.Event;
import dev.parley.node.account.Account.GetCredentials;
import dev.parley.node.account.Account.IssuePasswordReset;
import dev.parley.node.account.Account.IssueRefreshToken;
import dev.parley.node.account.Account.PasswordChanged;
import dev.parley.node.account.Account.PasswordResetIssued;
import dev.parley.node.account.Account.PendingReset;
import dev.parley.node.account.Account.RedeemPasswordReset;
import dev.parley.node.account.Account.RefreshTokenFamilyRevoked;
import dev.parley.node.account.Account.RefreshTokenIssued;
import dev.parley.node.account.Account.RefreshTokenRotated;
import dev.parley.node.account.Account.Register;
import dev.parley.node.account.Account.Registered;
import dev.parley.node.account.Account.RevokeAllRefreshTokens;
import dev.parley.node.account.Account.RevokeRefreshTokenFamily;
import dev.parley.node.account.Account.RotateRefreshToken;
import dev.parley.node.account.Account.SetAdmin;
import dev.parley.node.account.Account.SetDeactivated;
import dev.parley.node.account.Account.Settings;
import dev.parley.node.account.Account.SpentToken;
import dev.parley.node.account.Account.State;
import dev.parley.node.account.Account.Unregistered;
import java.time.Clock;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Account}'s behaviour: which handler answers each command in each state, registering
 * and the display name, and how events change the state.
 */
final class AccountEntity extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, State> {
  /** The entity's logger: operators find its lines under one name, whichever file they come from. */
  private static final Logger log = LoggerFactory.getLogger(Account.class);

  private final String username;
  private final Settings settings;
  private final Clock clock;
  private final RefreshTokens refreshTokens;
  private final Passwords passwords;
  private final AccountAdministration administration;

  AccountEntity(String username, Settings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), username), settings.persistFailureBackoff().strategy());
    this.username = username;
    this.settings = settings;
    this.clock = clock;
    this.refreshTokens = new RefreshTokens(Effect(), settings, clock);
    this.passwords = new Passwords(Effect(), clock);
    this.administration = new AccountAdministration(Effect(), clock);
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
        .onCommand(RotateRefreshToken.class, (state, c) -> Effect().reply(c.replyTo(), RefreshTokens.spent()))
        .onCommand(RevokeRefreshTokenFamily.class, (state, c) -> Effect().reply(c.replyTo(), RefreshTokens.nothingRevoked()))
        .onCommand(RevokeAllRefreshTokens.class, (state, c) -> Effect().reply(c.replyTo(), RefreshTokens.nothingRevoked()))
        .onCommand(SetAdmin.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(SetDeactivated.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(IssuePasswordReset.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(RedeemPasswordReset.class, (state, c) -> Effect().reply(c.replyTo(), Passwords.invalidReset()))
        .onCommand(ChangePassword.class, (state, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ChangeDisplayName.class, (state, c) -> Effect().reply(c.replyTo(), notFound()));
    builder
        .forStateType(Active.class)
        .onCommand(Register.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.conflict("username is taken")))
        .onCommand(GetCredentials.class, (state, c) -> Effect().reply(c.replyTo(), Outcome.accepted(state.credentials())))
        .onCommand(IssueRefreshToken.class, refreshTokens::issue)
        .onCommand(RotateRefreshToken.class, refreshTokens::rotate)
        .onCommand(RevokeRefreshTokenFamily.class, refreshTokens::revokeFamily)
        .onCommand(RevokeAllRefreshTokens.class, refreshTokens::revokeAll)
        .onCommand(SetAdmin.class, administration::setAdmin)
        .onCommand(SetDeactivated.class, administration::setDeactivated)
        .onCommand(IssuePasswordReset.class, passwords::issueReset)
        .onCommand(RedeemPasswordReset.class, passwords::redeemReset)
        .onCommand(ChangePassword.class, passwords::changePassword)
        .onCommand(ChangeDisplayName.class, this::changeDisplayName);
    return builder.build();
  }

  private static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such account");
  }

  static <T> Outcome<T> deactivated() {
    return Outcome.forbidden("this account is deactivated");
  }

  private ReplyEffect<Event, State> register(Unregistered state, Register c) {
    Registered registered =
        new Registered(c.userId(), username, c.passwordHash(), c.displayName(), clock.millis(), c.admin() ? Boolean.TRUE : null);
    return Effect()
        .persist(registered)
        .thenReply(c.replyTo(), next -> Outcome.accepted(((Active) next).credentials()));
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
  static ReplyEffect<Event, State> persistAndLog(
      EffectFactories<Event, State> effect, Event event, ActorRef<Outcome<Credentials>> replyTo, String change) {
    return effect
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
