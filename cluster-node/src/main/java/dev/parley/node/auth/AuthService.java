package dev.parley.node.auth;

import dev.parley.node.Ids;
import dev.parley.node.Outcome;
import dev.parley.node.account.Account;
import dev.parley.node.gateway.Rejections;
import dev.parley.node.net.ClientAddress;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.auth.AuthBodies;
import dev.parley.node.logging.LogContext;
import java.net.InetAddress;
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

  private final ClusterSharding sharding;
  private final TokenService tokens;
  private final PasswordHasher hasher;
  private final Executor hashing;
  private final Limits limits;
  private final Duration askTimeout;
  private final LoginThrottle loginThrottle;

  public AuthService(
      ActorSystem<?> system,
      TokenService tokens,
      PasswordHasher hasher,
      Executor hashing,
      Limits limits,
      Duration askTimeout,
      LoginThrottle loginThrottle) {
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

  public CompletionStage<AuthBodies.Registered> register(AuthBodies.Register body) {
    String username = limits.username(body.username());
    String password = limits.password(body.password());
    String displayName = limits.displayName(body.displayName(), username);
    String userId = Ids.user();
    return CompletableFuture.supplyAsync(() -> hasher.hash(password), hashing)
        .thenCompose(
            hash ->
                account(username).<Outcome<Account.Credentials>>ask(
                    replyTo -> new Account.Register(userId, hash, displayName, replyTo), askTimeout))
        .thenApply(Rejections::valueOf)
        .thenApply(
            credentials -> {
              LogContext.with(
                  Map.of(LogContext.USER_ID, credentials.userId(), LogContext.USERNAME, credentials.username()),
                  () -> log.info("Registered user {} ({})", credentials.userId(), credentials.username()));
              return new AuthBodies.Registered(credentials.userId());
            });
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
        new AuthenticatedUser(credentials.userId(), credentials.username(), credentials.displayName());
    return new AuthBodies.Tokens(
        tokens.accessToken(user),
        refresh.token(),
        tokens.settings().accessTokenTtl().toSeconds(),
        credentials.userId());
  }

  private EntityRef<Account.Command> account(String username) {
    return sharding.entityRefFor(Account.ENTITY_KEY, username);
  }

  private static ProtocolException badCredentials() {
    return new ProtocolException(ErrorCode.UNAUTHORIZED, "invalid username or password");
  }
}
