package dev.parley.node.auth;

import dev.parley.node.Acknowledged;
import dev.parley.node.EntityIds;
import dev.parley.node.Ids;
import dev.parley.node.Outcome;
import dev.parley.node.Rejections;
import dev.parley.node.SameThread;
import dev.parley.node.account.Account;
import dev.parley.node.logging.LogContext;
import dev.parley.node.net.ClientAddress;
import dev.parley.node.session.UserSession;
import dev.parley.node.workspace.Workspace;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Views;
import dev.parley.protocol.auth.AuthBodies;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, login, refresh and logout: the {@code /v1/auth} endpoints' logic. Password hashing
 * runs on its own executor, never on the actor or HTTP threads.
 */
public final class AuthService {
  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  /** Who made the bootstrap admin one, as the account's event says. */
  private static final String BOOTSTRAP = "PARLEY_BOOTSTRAP_ADMIN";

  private final ClusterSharding sharding;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final Executor hashing;
  private final Limits limits;
  private final Duration askTimeout;
  private final LoginThrottle loginThrottle;
  private final RegistrationPolicy registration;
  private final Duration resetTokenTtl;
  private final Clock clock;

  /** {@code resetTokenTtl}: how long an administrator's password reset token may be spent. */
  public AuthService(
      ActorSystem<?> system,
      TokenService tokens,
      PasswordHasher hasher,
      Executor hashing,
      Limits limits,
      Duration askTimeout,
      LoginThrottle loginThrottle,
      RegistrationPolicy registration,
      Duration resetTokenTtl,
      Clock clock) {
    this.registration = registration;
    this.resetTokenTtl = resetTokenTtl;
    this.clock = clock;
    this.sharding = ClusterSharding.get(system);
    this.tokens = tokens;
    this.hasher = hasher;
    this.hashing = hashing;
    this.limits = limits;
    this.askTimeout = askTimeout;
    this.loginThrottle = loginThrottle;
  }

  public TokenService tokens() {
    return tokens;
  }

  /**
   * Registers an account as the deployment's registration mode allows. An invite, when given (and
   * always when the mode needs one), must be live; the account then joins its workspace.
   */
  public CompletionStage<AuthBodies.Registered> register(AuthBodies.Register body) {
    String username = limits.username(body.username());
    String password = limits.password(body.password());
    String displayName = limits.displayName(body.displayName(), username);
    String[] invite = body.inviteCode() == null ? null : Workspace.splitInviteCode(body.inviteCode());
    if (body.inviteCode() != null && invite == null) {
      return CompletableFuture.failedFuture(invalidInvite());
    }
    return registration
        .admit(username, invite != null)
        .thenCompose(admission -> invite == null ? CompletableFuture.completedFuture(admission) : checkInvite(invite).thenApply(ok -> admission))
        .thenCompose(admission -> create(username, password, displayName, admission.admin()))
        .thenCompose(credentials -> invite == null
            ? CompletableFuture.completedFuture(new AuthBodies.Registered(credentials.userId(), null))
            : joinInvited(credentials, invite));
  }

  /** An account made by an administrator (or by registration, once admitted). */
  public CompletionStage<Account.Credentials> create(String username, String password, String displayName, boolean admin) {
    String userId = Ids.user();
    return hash(password)
        .thenCompose(
            hash ->
                account(username).<Outcome<Account.Credentials>>ask(
                    replyTo -> new Account.Register(userId, hash, displayName, admin, replyTo), askTimeout))
        .thenApply(Rejections::valueOf)
        .thenApply(
            credentials -> {
              LogContext.with(
                  Map.of(LogContext.USER_ID, credentials.userId(), LogContext.USERNAME, credentials.username()),
                  () -> log.info("Registered user {} ({}){}", credentials.userId(), credentials.username(),
                      credentials.admin() ? " as a deployment administrator" : ""));
              return credentials;
            });
  }

  private CompletionStage<Acknowledged> checkInvite(String[] invite) {
    return SameThread.of(
            workspace(invite[0]).<Outcome<Acknowledged>>ask(replyTo -> new Workspace.CheckInvite(invite[1], replyTo), askTimeout))
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Rejected<Acknowledged> rejected && rejected.reason() == Outcome.Reason.NOT_FOUND) {
                // Invalid, expired, used up or revoked, as the workspace says.
                throw new ProtocolException(ErrorCode.FORBIDDEN, rejected.message());
              }
              return Rejections.valueOf(outcome);
            });
  }

  /** The new account joins the invite's workspace, and its session records it, as {@code workspace.join} does. */
  private CompletionStage<AuthBodies.Registered> joinInvited(Account.Credentials credentials, String[] invite) {
    return SameThread.of(
            workspace(invite[0]).<Outcome<Workspace.Summary>>ask(
                replyTo -> new Workspace.Join(invite[1], credentials.userId(), credentials.username(), replyTo), askTimeout))
        .thenApply(Rejections::valueOf)
        .thenCompose(
            summary ->
                SameThread.of(
                        sharding
                            .entityRefFor(UserSession.ENTITY_KEY, credentials.userId())
                            .<Outcome<Acknowledged>>ask(
                                replyTo ->
                                    new UserSession.RecordWorkspace(summary.workspaceId(), summary.name(), summary.role(), replyTo),
                                askTimeout))
                    .thenApply(Rejections::valueOf)
                    .thenApply(
                        done ->
                            new AuthBodies.Registered(
                                credentials.userId(),
                                new Views.Workspace(summary.workspaceId(), summary.name(), summary.role().wire()))));
  }

  private static ProtocolException invalidInvite() {
    return new ProtocolException(ErrorCode.FORBIDDEN, "invalid invite code");
  }

  /** A bcrypt hash of {@code password}, computed on the hashing executor. */
  public CompletionStage<String> hash(String password) {
    return CompletableFuture.supplyAsync(() -> hasher.hash(password), hashing);
  }

  /** Whether {@code password} is the one {@code hash} was made of, checked on the hashing executor. */
  public CompletionStage<Boolean> matches(String password, String hash) {
    return CompletableFuture.supplyAsync(() -> hasher.matches(password, hash), hashing);
  }

  /**
   * A password reset token for {@code username}: random, shown once, stored only as its SHA-256,
   * spendable once within the reset token lifetime.
   */
  public CompletionStage<Reply.PasswordReset> issueReset(String username) {
    String token = ResetTokens.random();
    long expiresAt = clock.millis() + resetTokenTtl.toMillis();
    return account(username)
        .<Outcome<Account.Credentials>>ask(
            replyTo -> new Account.IssuePasswordReset(ResetTokens.hash(token), expiresAt, replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenApply(credentials -> new Reply.PasswordReset(credentials.username(), token, expiresAt));
  }

  /** Spends a reset token on a new password: every login of the user ends, and their sockets close. */
  public CompletionStage<Void> redeemReset(AuthBodies.ResetPassword body) {
    String username = limits.username(body.username());
    String token = Limits.required("resetToken", body.resetToken());
    String password = limits.password(body.password());
    return hash(password)
        .thenCompose(
            hash ->
                account(username).<Outcome<Account.Credentials>>ask(
                    replyTo -> new Account.RedeemPasswordReset(ResetTokens.hash(token), hash, replyTo), askTimeout))
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Rejected<Account.Credentials> rejected
                  && rejected.reason() == Outcome.Reason.NOT_FOUND) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid or expired reset token");
              }
              return Rejections.valueOf(outcome);
            })
        .thenCompose(credentials -> signOut(credentials.userId(), null));
  }

  /** Closes the user's live sockets on every node, but those of the login {@code keptFamily} (null: all). */
  public CompletionStage<Void> signOut(String userId, String keptFamily) {
    return SameThread.of(
            sharding
                .entityRefFor(UserSession.ENTITY_KEY, userId)
                .<Outcome<Acknowledged>>ask(replyTo -> new UserSession.SignOut(keptFamily, replyTo), askTimeout))
        .thenApply(Rejections::valueOf)
        .thenApply(done -> null);
  }

  /**
   * Checks the password of a user name and issues a token pair. The failed-login budgets of the
   * user name and {@code client} are checked before the slow password hash, and only a wrong
   * password counts against them.
   */
  public CompletionStage<AuthBodies.Tokens> login(AuthBodies.Login body, InetAddress client) {
    String username;
    try {
      username = limits.username(body.username());
    } catch (ProtocolException e) {
      SecurityLog.failedLoginWithInvalidName(client);
      return CompletableFuture.failedFuture(badCredentials());
    }
    LoginThrottle.Attempt attempt;
    try {
      attempt = loginThrottle.attempt(username, ClientAddress.throttleKey(client));
    } catch (TooManyAttempts refused) {
      SecurityLog.refusedLogin(username, client, refused);
      return CompletableFuture.failedFuture(refused);
    }
    return verified(username, body.password(), client)
        .thenCompose(this::bootstrapAdmin)
        .thenCompose(this::issueTokens)
        .whenComplete(
            (tokens, failure) -> {
              if (failure == null) {
                attempt.succeeded();
              } else if (Rejections.toProtocol(failure).code() != ErrorCode.UNAUTHORIZED) {
                attempt.undecided();
              }
            });
  }

  /** The account's credentials when the password is right; a wrong one is logged and fails alike for unknown users. */
  private CompletionStage<Account.Credentials> verified(String username, String typed, InetAddress client) {
    String password;
    try {
      password = limits.password(typed);
    } catch (ProtocolException e) {
      SecurityLog.failedLogin(username, client);
      return CompletableFuture.failedFuture(badCredentials());
    }
    return account(username)
        .<Outcome<Account.Credentials>>ask(Account.GetCredentials::new, askTimeout)
        .thenApplyAsync(
            outcome -> {
              if (!(outcome instanceof Outcome.Accepted<Account.Credentials> accepted)) {
                hasher.matchNothing(password);
                SecurityLog.failedLogin(username, client);
                throw badCredentials();
              }
              if (!hasher.matches(password, accepted.value().passwordHash())) {
                SecurityLog.failedLogin(username, client);
                throw badCredentials();
              }
              if (accepted.value().deactivated()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "this account is deactivated");
              }
              return accepted.value();
            },
            hashing);
  }

  public CompletionStage<AuthBodies.Tokens> refresh(AuthBodies.Refresh body) {
    Limits.required("refreshToken", body.refreshToken());
    TokenService.RefreshClaims claims = tokens.verifyRefresh(body.refreshToken());
    TokenService.IssuedRefreshToken next = tokens.rotatedRefreshToken(claims);
    return account(claims.username())
        .<Outcome<Account.Credentials>>ask(
            replyTo -> new Account.RotateRefreshToken(claims.tokenId(), stored(next), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenApply(credentials -> tokensFor(credentials, next));
  }

  /**
   * Logs out the login {@code refreshToken} came from: its family stops working. Any token this
   * deployment signed will do, expired or spent, and a family that is gone already is no error.
   */
  public CompletionStage<Void> logout(String refreshToken) {
    TokenService.RefreshClaims claims = tokens.identifyRefresh(refreshToken);
    return account(claims.username())
        .<Outcome<Account.Revoked>>ask(
            replyTo -> new Account.RevokeRefreshTokenFamily(claims.familyId(), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenApply(revoked -> null);
  }

  /** Logs the user out on every device: all of its refresh token families stop working. */
  public CompletionStage<Void> logoutEverywhere(AuthenticatedUser user) {
    return account(user.username())
        .<Outcome<Account.Revoked>>ask(Account.RevokeAllRefreshTokens::new, askTimeout)
        .thenApply(Rejections::valueOf)
        .thenApply(revoked -> null);
  }

  /**
   * The bootstrap admin's account, made an administrator at its login if it was registered
   * before {@code PARLEY_BOOTSTRAP_ADMIN} named it.
   */
  private CompletionStage<Account.Credentials> bootstrapAdmin(Account.Credentials credentials) {
    if (credentials.admin() || !credentials.username().equals(registration.bootstrapAdmin())) {
      return CompletableFuture.completedFuture(credentials);
    }
    return account(credentials.username())
        .<Outcome<Account.Credentials>>ask(replyTo -> new Account.SetAdmin(true, BOOTSTRAP, replyTo), askTimeout)
        .thenApply(Rejections::valueOf);
  }

  private CompletionStage<AuthBodies.Tokens> issueTokens(Account.Credentials credentials) {
    TokenService.IssuedRefreshToken refresh = tokens.refreshToken(credentials.userId(), credentials.username());
    return account(credentials.username())
        .<Outcome<Account.Credentials>>ask(
            replyTo -> new Account.IssueRefreshToken(stored(refresh), replyTo), askTimeout)
        .thenApply(Rejections::valueOf)
        .thenApply(
            issued -> {
              LogContext.with(
                  Map.of(LogContext.USER_ID, issued.userId(), LogContext.USERNAME, issued.username()),
                  () -> log.info("User {} logged in", issued.userId()));
              return tokensFor(issued, refresh);
            });
  }

  private static Account.RefreshToken stored(TokenService.IssuedRefreshToken issued) {
    return new Account.RefreshToken(issued.tokenId(), issued.expiresAt(), issued.familyId());
  }

  private AuthBodies.Tokens tokensFor(Account.Credentials credentials, TokenService.IssuedRefreshToken refresh) {
    AuthenticatedUser user =
        new AuthenticatedUser(credentials.userId(), credentials.username(), credentials.displayName(), refresh.familyId());
    return new AuthBodies.Tokens(
        tokens.accessToken(user),
        refresh.token(),
        tokens.settings().accessTokenTtl().toSeconds(),
        credentials.userId());
  }

  private EntityRef<Workspace.Command> workspace(String workspaceId) {
    return sharding.entityRefFor(Workspace.ENTITY_KEY, EntityIds.checked(workspaceId));
  }

  private EntityRef<Account.Command> account(String username) {
    return sharding.entityRefFor(Account.ENTITY_KEY, username);
  }

  private static ProtocolException badCredentials() {
    return new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid username or password");
  }
}
