package dev.parley.node.admin;

import dev.parley.node.Acknowledged;
import dev.parley.node.Outcome;
import dev.parley.node.Rejections;
import dev.parley.node.SameThread;
import dev.parley.node.account.Account;
import dev.parley.node.audit.AuditLog;
import dev.parley.node.auth.AuthService;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.RegistrationMode;
import dev.parley.node.auth.RegistrationSetting;
import dev.parley.node.edge.AccountOps;
import dev.parley.node.edge.Entities;
import dev.parley.node.erasure.MessageErasure;
import dev.parley.node.notify.EmailAddresses;
import dev.parley.node.read.directory.AccountDirectory;
import dev.parley.node.session.UserSession;
import dev.parley.protocol.AccountRequest;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A user's own account ({@code account.me}, {@code account.password}, {@code account.name},
 * {@code account.email.set}) and
 * the deployment administrators' ops ({@code admin.*}). Only an account that administers the
 * deployment may run {@code admin.*} ({@code forbidden} for anyone else, asked of the caller's
 * Account entity each time, so a revoked administrator is refused at once). Every administrator
 * action is in the audit log before it is answered. {@code admin.delete} deactivates the account
 * first, so its author writes nothing more while every message it wrote is erased ({@link
 * MessageErasure}); a repeat erases again (nothing, or what a race let through).
 */
public final class AdminService implements AccountOps {
  private final Entities entities;
  private final AuthService auth;
  private final ActorSystem<?> system;
  private final RegistrationSetting registration;
  private final AccountDirectory directory;
  private final Executor blocking;
  private final Duration askTimeout;
  private final MessageErasure erasure;
  private final EmailAddresses emails;

  /** {@code blocking}: runs the directory's JDBC queries. */
  public AdminService(
      ActorSystem<?> system,
      Entities entities,
      AuthService auth,
      RegistrationSetting registration,
      AccountDirectory directory,
      Executor blocking,
      Duration askTimeout,
      MessageErasure erasure,
      EmailAddresses emails) {
    this.entities = entities;
    this.system = system;
    this.auth = auth;
    this.registration = registration;
    this.directory = directory;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
    this.erasure = erasure;
    this.emails = emails;
  }

  @Override
  public boolean serves(Request request) {
    return request instanceof AccountRequest.AccountMe
        || request instanceof AccountRequest.AccountPassword
        || request instanceof AccountRequest.AccountName
        || request instanceof AccountRequest.AccountEmailSet
        || request instanceof AccountRequest.AdminAction
        || request instanceof AccountRequest.AdminCreate
        || request instanceof AccountRequest.AdminAudit
        || request instanceof AccountRequest.AdminAccounts
        || request instanceof AccountRequest.AdminRegistration
        || request instanceof AccountRequest.AdminRegistrationSet;
  }

  @Override
  public CompletionStage<?> handle(AuthenticatedUser user, Request request) {
    if (request instanceof AccountRequest.AccountMe) {
      return me(user);
    } else if (request instanceof AccountRequest.AccountPassword r) {
      return changePassword(user, r);
    } else if (request instanceof AccountRequest.AccountName r) {
      return account(user.username(), replyTo -> new Account.ChangeDisplayName(r.displayName(), replyTo))
          .thenCompose(changed -> me(user));
    } else if (request instanceof AccountRequest.AccountEmailSet r) {
      return reachable(emails.set(user.userId(), r.email())).thenCompose(set -> me(user));
    }
    return requireAdmin(user).thenCompose(admin -> administer(user, request));
  }

  private CompletionStage<?> administer(AuthenticatedUser user, Request request) {
    if (request instanceof AccountRequest.AdminCreate r) {
      return auth.create(r.username(), r.password(), r.displayName(), false)
          .thenCompose(created -> audit(user, r.op(), r.username()).thenApply(done -> new Reply.Created(created.userId())));
    } else if (request instanceof AccountRequest.AdminAudit r) {
      return SameThread.of(
              AuditLog.ref(system)
                  .<Outcome<AuditLog.Page>>ask(
                      replyTo -> new AuditLog.ReadPage(r.before() == null ? 0 : r.before(), r.limit(), replyTo), askTimeout))
          .thenApply(Rejections::valueOf)
          .thenApply(
              page ->
                  new Reply.Audit(
                      page.entries().stream()
                          .map(e -> new Views.AuditEntry(e.seq(), e.ts(), e.actorId(), e.action(), e.target(), e.detail()))
                          .toList(),
                      page.hasMore()));
    } else if (request instanceof AccountRequest.AdminAccounts r) {
      return accounts(r);
    } else if (request instanceof AccountRequest.AdminRegistration) {
      return registration.current().thenApply(AdminService::registration);
    } else if (request instanceof AccountRequest.AdminRegistrationSet r) {
      return registration
          .set(RegistrationMode.fromSetting(r.mode()))
          .thenCompose(now -> audit(user, r.op(), "registration", r.mode()).thenApply(done -> registration(now)));
    }
    AccountRequest.AdminAction action = (AccountRequest.AdminAction) request;
    String target = action.username();
    return switch (action.op()) {
      case "admin.grant" -> setAdmin(user, target, true).thenCompose(c -> audited(user, action));
      case "admin.revoke" -> notSelf(user, target, "revoke their own administration")
          .thenCompose(ok -> setAdmin(user, target, false))
          .thenCompose(c -> audited(user, action));
      case "admin.deactivate" -> notSelf(user, target, "deactivate their own account")
          .thenCompose(ok -> setDeactivated(user, target, true))
          .thenCompose(c -> audited(user, action));
      case "admin.reactivate" -> setDeactivated(user, target, false).thenCompose(c -> audited(user, action));
      case "admin.delete" -> notSelf(user, target, "delete their own account")
          .thenCompose(ok -> setDeactivated(user, target, true))
          .thenCompose(c -> credentials(target))
          .thenCompose(deleted -> erasure.eraseAuthor(deleted.userId()))
          .thenCompose(c -> audited(user, action));
      case "admin.reset" -> auth.issueReset(target).thenCompose(reset -> audit(user, action.op(), target).thenApply(done -> reset));
      default -> throw ProtocolException.badRequest("unknown op '" + action.op() + "'");
    };
  }

  private CompletionStage<Reply.Accounts> accounts(AccountRequest.AdminAccounts r) {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return directory.page(r.query(), r.after(), r.limit());
              } catch (SQLException e) {
                throw new CompletionException(
                    new ProtocolException(ErrorCode.UNAVAILABLE, "the database could not be reached; try again"));
              }
            },
            blocking)
        .thenApply(
            page ->
                new Reply.Accounts(
                    page.accounts().stream()
                        .map(a -> new Views.AccountSummary(a.userId(), a.username(), a.displayName(), a.admin(), a.deactivated(), a.createdAt()))
                        .toList(),
                    page.next()));
  }

  private static Reply.Registration registration(RegistrationSetting.Current current) {
    return new Reply.Registration(current.wireMode(), current.source());
  }

  private CompletionStage<Reply.Empty> changePassword(AuthenticatedUser user, AccountRequest.AccountPassword r) {
    return credentials(user.username())
        .thenCompose(current -> auth.matches(r.currentPassword(), current.passwordHash()))
        .thenCompose(
            right -> {
              if (!right) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "the current password is wrong");
              }
              return auth.hash(r.newPassword());
            })
        .thenCompose(hash -> account(user.username(), replyTo -> new Account.ChangePassword(hash, user.familyId(), replyTo)))
        .thenCompose(changed -> auth.signOut(user.userId(), user.familyId()))
        .thenApply(done -> new Reply.Empty());
  }

  private CompletionStage<Account.Credentials> requireAdmin(AuthenticatedUser user) {
    return credentials(user.username())
        .thenApply(
            caller -> {
              if (!caller.admin() || caller.deactivated()) {
                throw new ProtocolException(ErrorCode.FORBIDDEN, "only deployment administrators may do this");
              }
              return caller;
            });
  }

  private static CompletionStage<Boolean> notSelf(AuthenticatedUser user, String target, String what) {
    if (user.username().equals(target)) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "an administrator cannot " + what);
    }
    return java.util.concurrent.CompletableFuture.completedFuture(true);
  }

  private CompletionStage<Account.Credentials> setAdmin(AuthenticatedUser user, String target, boolean admin) {
    return account(target, replyTo -> new Account.SetAdmin(admin, user.userId(), replyTo));
  }

  /**
   * The Account refuses logins and refreshes; the UserSession refuses sockets (also those of
   * access tokens issued before) and closes the live ones on every node.
   */
  private CompletionStage<Acknowledged> setDeactivated(AuthenticatedUser user, String target, boolean deactivated) {
    return account(target, replyTo -> new Account.SetDeactivated(deactivated, user.userId(), replyTo))
        .thenCompose(
            credentials ->
                entities.<Acknowledged>askSession(
                    credentials.userId(), replyTo -> new UserSession.Suspend(deactivated, replyTo)));
  }

  private CompletionStage<Reply.Empty> audited(AuthenticatedUser user, AccountRequest.AdminAction action) {
    return audit(user, action.op(), action.username()).thenApply(done -> new Reply.Empty());
  }

  private CompletionStage<Acknowledged> audit(AuthenticatedUser user, String action, String target) {
    return audit(user, action, target, null);
  }

  private CompletionStage<Acknowledged> audit(AuthenticatedUser user, String action, String target, String detail) {
    return SameThread.of(
            AuditLog.ref(system)
                .<Outcome<Acknowledged>>ask(
                    replyTo -> new AuditLog.Append(user.userId(), action, target, detail, replyTo), askTimeout))
        .thenApply(Rejections::valueOf);
  }

  private CompletionStage<Account.Credentials> credentials(String username) {
    return account(username, Account.GetCredentials::new);
  }

  private CompletionStage<Account.Credentials> account(
      String username, Function<ActorRef<Outcome<Account.Credentials>>, Account.Command> command) {
    return entities.askAccount(username, command);
  }

  /** {@code account.me}: the account, and the email address notifications go to (null: none). */
  private CompletionStage<Reply.Me> me(AuthenticatedUser user) {
    return credentials(user.username())
        .thenCombine(
            reachable(emails.of(user.userId())),
            (c, email) -> new Reply.Me(new Views.Account(c.userId(), c.username(), c.displayName(), c.admin(), email.orElse(null))));
  }

  private static <T> CompletionStage<T> reachable(CompletionStage<T> stage) {
    return stage.exceptionally(
        failure -> {
          throw new CompletionException(
              new ProtocolException(ErrorCode.UNAVAILABLE, "the database could not be reached; try again"));
        });
  }
}
