package dev.parley.node.notify;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Emails one user, at the address on file ({@link EmailAddresses}), through the deployment's SMTP
 * server ({@code parley.notify.smtp}), about something the server did that concerns them (a
 * subscription of theirs it disabled): no preferences or unsubscribe link apply, as to a
 * notification. Without an SMTP server or an address, nothing is sent, and the answer says which.
 */
public final class AccountMail {
  /** What became of an email. */
  public enum Sent {
    SENT,
    NO_SMTP_SERVER,
    NO_ADDRESS
  }

  private final Optional<Mailer> mailer;
  private final EmailAddresses addresses;
  private final Executor blocking;

  /** {@code blocking}: where the SMTP session runs (the notify dispatcher). */
  public AccountMail(NotifySettings settings, DataSource dataSource, Executor blocking) {
    this(settings.smtp().map(SmtpMailer::new), new EmailAddresses(dataSource, blocking), blocking);
  }

  AccountMail(Optional<Mailer> mailer, EmailAddresses addresses, Executor blocking) {
    this.mailer = mailer;
    this.addresses = addresses;
    this.blocking = blocking;
  }

  /** Sends {@code subject} and the plain text {@code body} to the user; fails if the SMTP server does. */
  public CompletionStage<Sent> send(String userId, String subject, String body) {
    if (mailer.isEmpty()) {
      return CompletableFuture.completedFuture(Sent.NO_SMTP_SERVER);
    }
    return addresses
        .of(userId)
        .thenApplyAsync(
            address -> {
              if (address.isEmpty()) {
                return Sent.NO_ADDRESS;
              }
              try {
                mailer.get().send(new NotificationEmail(address.get(), subject, body, null));
              } catch (Exception e) {
                throw new CompletionException(e);
              }
              return Sent.SENT;
            },
            blocking);
  }
}
