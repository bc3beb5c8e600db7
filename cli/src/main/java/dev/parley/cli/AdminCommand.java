package dev.parley.cli;

import dev.parley.protocol.AccountRequest;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.Views;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley admin
 * whoami|grant|revoke|deactivate|reactivate|reset-password|create|audit|accounts|registration}: the
 * deployment administrators' ops (and {@code whoami} for anyone).
 */
@Command(
    name = "admin",
    description = "Administer the deployment: administrators, accounts, password resets, the audit log, registration.",
    subcommands = {AdminCommand.Create.class})
final class AdminCommand {
  @Spec CommandSpec spec;

  @Command(name = "whoami", description = "Your account; prints: account <id> <username> (admin|user)")
  int whoami() {
    Context context = ParleyCli.context(spec);
    Reply.Me me = call(context, new AccountRequest.AccountMe(), Reply.Me.class);
    Views.Account a = me.account();
    context.out().println("account " + a.id() + " " + a.username() + " (" + (a.admin() ? "admin" : "user") + ")");
    return 0;
  }

  @Command(name = "grant", description = "Make <username> a deployment administrator.")
  int grant(@Parameters(paramLabel = "<username>") String username) {
    return action("admin.grant", username, "granted");
  }

  @Command(name = "revoke", description = "Make <username> no longer a deployment administrator.")
  int revoke(@Parameters(paramLabel = "<username>") String username) {
    return action("admin.revoke", username, "revoked");
  }

  @Command(name = "deactivate", description = "Deactivate <username>: their sessions end and they cannot log in.")
  int deactivate(@Parameters(paramLabel = "<username>") String username) {
    return action("admin.deactivate", username, "deactivated");
  }

  @Command(
      name = "delete",
      description = "Delete <username>: deactivated as by deactivate, and every message they wrote erased for good"
          + " (shown as deleted, their name kept).")
  int delete(@Parameters(paramLabel = "<username>") String username) {
    return action("admin.delete", username, "deleted");
  }

  @Command(name = "reactivate", description = "Let a deactivated <username> log in again.")
  int reactivate(@Parameters(paramLabel = "<username>") String username) {
    return action("admin.reactivate", username, "reactivated");
  }

  @Command(
      name = "reset-password",
      description = "A one-time password reset token for <username>; prints: reset <username> <token> <expiry>."
          + " Shown once: give it to the user, who sets a new password with it (POST /v1/auth/reset-password).")
  int resetPassword(@Parameters(paramLabel = "<username>") String username) {
    Context context = ParleyCli.context(spec);
    Reply.PasswordReset reset =
        call(context, new AccountRequest.AdminAction("admin.reset", username.toLowerCase(Locale.ROOT)), Reply.PasswordReset.class);
    context.out().println("reset " + reset.username() + " " + reset.resetToken() + " " + Instant.ofEpochMilli(reset.expiresAt()));
    return 0;
  }

  @Command(name = "audit", description = "The audit log, newest first; prints: <seq> <time> <actorId> <action> <target> [detail]")
  int audit(
      @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "1..200 entries (default: ${DEFAULT-VALUE}).")
          int limit,
      @Option(names = "--before", paramLabel = "SEQ", description = "Entries older than this seq.") Long before) {
    Context context = ParleyCli.context(spec);
    Reply.Audit audit = call(context, new AccountRequest.AdminAudit(before, limit), Reply.Audit.class);
    for (Views.AuditEntry e : audit.entries()) {
      context.out().println(
          e.seq() + " " + Instant.ofEpochMilli(e.ts()) + " " + e.actorId() + " " + e.action() + " " + e.target()
              + (e.detail() == null ? "" : " " + e.detail()));
    }
    if (audit.hasMore()) {
      long oldest = audit.entries().get(audit.entries().size() - 1).seq();
      context.out().println("... older: --before " + oldest);
    }
    return 0;
  }

  @Command(
      name = "accounts",
      description = "The deployment's accounts by username; prints: <username> <id> <status> <created> <display name>,"
          + " status active, deactivated or admin (or both)")
  int accounts(
      @Option(names = "--query", paramLabel = "TEXT", description = "Only accounts whose username or display name contains TEXT.")
          String query,
      @Option(names = "--after", paramLabel = "USERNAME", description = "Accounts after this username (the next page).")
          String after,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "1..200 accounts (default: ${DEFAULT-VALUE}).")
          int limit) {
    Context context = ParleyCli.context(spec);
    Reply.Accounts page = call(context, new AccountRequest.AdminAccounts(query, after, limit), Reply.Accounts.class);
    for (Views.AccountSummary a : page.accounts()) {
      String status = a.deactivated() ? (a.admin() ? "admin,deactivated" : "deactivated") : (a.admin() ? "admin" : "active");
      context.out().println(
          a.username() + " " + a.id() + " " + status + " " + Instant.ofEpochMilli(a.createdAt())
              + (a.displayName() == null ? "" : " " + a.displayName()));
    }
    if (page.next() != null) {
      context.out().println("... more: --after " + page.next());
    }
    return 0;
  }

  @Command(
      name = "registration",
      description = "Show the registration mode, or set it for every node; prints: registration <mode> (<stored|environment>)")
  int registration(
      @Parameters(paramLabel = "<mode>", arity = "0..1", description = "open, invite or closed (omit to show the mode).")
          String mode) {
    Context context = ParleyCli.context(spec);
    Request request =
        mode == null ? new AccountRequest.AdminRegistration() : new AccountRequest.AdminRegistrationSet(mode.toLowerCase(Locale.ROOT));
    Reply.Registration now = call(context, request, Reply.Registration.class);
    context.out().println("registration " + now.mode() + " (" + now.source() + ")");
    return 0;
  }

  /** {@code parley admin create <username>}: an account made by an administrator. */
  @Command(name = "create", description = "Create an account (any registration mode); prints: created <username> (<userId>)")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<username>", description = "3..32 characters of [a-z0-9._-]; case-insensitive.")
    String username;

    @Option(names = "--display-name", paramLabel = "NAME", description = "Name shown to others (default: the username).")
    String displayName;

    @Mixin PasswordInput password;

    @Override
    public Integer call() {
      Context context = ParleyCli.context(spec);
      String secret = password.read(context, true);
      Reply.Created created =
          AdminCommand.call(context, new AccountRequest.AdminCreate(username, secret, displayName), Reply.Created.class);
      context.out().println("created " + username.toLowerCase(Locale.ROOT) + " (" + created.userId() + ")");
      return 0;
    }
  }

  /** Usernames are case-insensitive: sent and printed lower-case, as the server keeps them. */
  private int action(String op, String username, String done) {
    Context context = ParleyCli.context(spec);
    String name = username.toLowerCase(Locale.ROOT);
    call(context, new AccountRequest.AdminAction(op, name), Reply.Empty.class);
    context.out().println(done + " " + name);
    return 0;
  }

  private static <T> T call(Context context, Request request, Class<T> type) {
    return context.withConnection(c -> context.codec().convert(c.connection().call(request), type));
  }
}
