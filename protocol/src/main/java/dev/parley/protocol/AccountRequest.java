package dev.parley.protocol;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The caller's own account, and the deployment's administration. */
public sealed interface AccountRequest extends Request {

  /** The caller's own account: who they are and whether they administer the deployment. */
  record AccountMe() implements AccountRequest {
    public String op() {
      return "account.me";
    }

    public AccountMe validate(Limits limits) {
      return this;
    }
  }

  /** The caller changes their password; every other login of theirs ends. */
  record AccountPassword(String currentPassword, String newPassword) implements AccountRequest {
    public String op() {
      return "account.password";
    }

    public AccountPassword validate(Limits limits) {
      Limits.required("currentPassword", currentPassword);
      return new AccountPassword(currentPassword, limits.password("newPassword", newPassword));
    }

    @Override
    public String toString() {
      return "AccountPassword[<redacted>]";
    }
  }

  record AccountName(String displayName) implements AccountRequest {
    public String op() {
      return "account.name";
    }

    public AccountName validate(Limits limits) {
      Limits.required("displayName", displayName);
      if (displayName.isBlank()) {
        throw ProtocolException.badRequest("field 'displayName' must not be blank");
      }
      return new AccountName(limits.displayName(displayName, null));
    }
  }

  /**
   * The caller's email address, where notification emails go; {@code ""} removes it. At most 254
   * characters (RFC 5321's path limit), ASCII; the domain is lower-cased.
   */
  record AccountEmailSet(String email) implements AccountRequest {
    public static final int MAX_CHARS = 254;
    /** A dot-atom local part (RFC 5322) at a domain of dot-separated labels: nothing a mail header could misread. */
    private static final Pattern ADDRESS =
        Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    public String op() {
      return "account.email.set";
    }

    public AccountEmailSet validate(Limits limits) {
      Limits.required("email", email);
      if (email.isEmpty()) {
        return this;
      }
      if (email.length() > MAX_CHARS || !ADDRESS.matcher(email).matches()) {
        throw ProtocolException.badRequest("field 'email' must be an email address (name@example.org)");
      }
      int at = email.indexOf('@');
      return new AccountEmailSet(email.substring(0, at + 1) + email.substring(at + 1).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * A deployment administrator's action on the account {@code username}: {@code admin.grant},
   * {@code admin.revoke}, {@code admin.deactivate}, {@code admin.reactivate},
   * {@code admin.reset} (a password reset token) or {@code admin.delete} (deactivated, and every
   * message it wrote erased).
   */
  record AdminAction(String op, String username) implements AccountRequest {
    public static final Set<String> OPS =
        Set.of("admin.grant", "admin.revoke", "admin.deactivate", "admin.reactivate", "admin.reset", "admin.delete");

    public AdminAction validate(Limits limits) {
      return new AdminAction(op, limits.username(username));
    }
  }

  /** An administrator creates an account (the way in when registration is closed). */
  record AdminCreate(String username, String password, String displayName) implements AccountRequest {
    public String op() {
      return "admin.create";
    }

    public AdminCreate validate(Limits limits) {
      String name = limits.username(username);
      return new AdminCreate(name, limits.password(password), limits.displayName(displayName, name));
    }

    @Override
    public String toString() {
      return "AdminCreate[username=" + username + ", password=<redacted>]";
    }
  }

  /**
   * A page of the deployment's accounts, by username: the {@code limit} after the username
   * {@code after}, those whose username or display name contains {@code query} (case-insensitive).
   */
  record AdminAccounts(String query, String after, Integer limit) implements AccountRequest {
    public String op() {
      return "admin.accounts";
    }

    public AdminAccounts validate(Limits limits) {
      if (query != null && query.length() > limits.maxDisplayNameChars()) {
        throw ProtocolException.badRequest("field 'query' is too long");
      }
      String text = query == null || query.isBlank() ? null : query.strip();
      return new AdminAccounts(text, after == null ? null : limits.username(after), limits.historyLimit(limit));
    }
  }

  /** Reads the registration mode in force, and where it comes from. */
  record AdminRegistration() implements AccountRequest {
    public String op() {
      return "admin.registration";
    }

    public AdminRegistration validate(Limits limits) {
      return this;
    }
  }

  /** Sets the registration mode for every node: {@code open}, {@code invite} or {@code closed}. */
  record AdminRegistrationSet(String mode) implements AccountRequest {
    public static final Set<String> MODES = Set.of("open", "invite", "closed");

    public String op() {
      return "admin.registration.set";
    }

    public AdminRegistrationSet validate(Limits limits) {
      Limits.required("mode", mode);
      if (!MODES.contains(mode)) {
        throw ProtocolException.badRequest("field 'mode' must be open, invite or closed");
      }
      return this;
    }
  }

  /** A page of the audit log, newest first: the {@code limit} entries below {@code before}. */
  record AdminAudit(Long before, Integer limit) implements AccountRequest {
    public String op() {
      return "admin.audit";
    }

    public AdminAudit validate(Limits limits) {
      Limits.optionalSeq("before", before);
      return new AdminAudit(before, limits.historyLimit(limit));
    }
  }
}
