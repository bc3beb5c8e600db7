package dev.parley.node.subscriptions;

import dev.parley.node.notify.AccountMail;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the workspace admin who made a subscription that the dispatcher disabled it, by email
 * ({@link AccountMail}): which one, the last error, and how to resume it. Without an SMTP server
 * or an address on file, the audit entry and {@code subscription.list} are the record, and one
 * line says so to the operator. The URL is shown without its query, where a receiver may expect a
 * token; the subscription's secret is never in it.
 */
final class CreatorEmail {
  private static final Logger log = LoggerFactory.getLogger(CreatorEmail.class);
  static final String SUBJECT = "Parley disabled an event subscription you made";

  private final AccountMail mail;

  CreatorEmail(AccountMail mail) {
    this.mail = mail;
  }

  /** Sends it; never fails: a failed send is logged. */
  CompletionStage<Void> send(DeliveryQueue.Disabled off) {
    return mail.send(off.createdBy(), SUBJECT, body(off))
        .handle(
            (sent, failure) -> {
              if (failure != null) {
                Throwable cause = ReceiverPolicy.cause(failure);
                log.warn(
                    "The email telling user {} that subscription {} was disabled was not sent: {}",
                    off.createdBy(), off.subscriptionId(), cause.toString());
              } else if (sent != AccountMail.Sent.SENT) {
                log.info(
                    "User {}, who made subscription {}, was not emailed that it was disabled ({}): the audit log and subscription.list have it",
                    off.createdBy(), off.subscriptionId(), sent == AccountMail.Sent.NO_ADDRESS ? "no address on file" : "no SMTP server set");
              }
              return null;
            });
  }

  static String body(DeliveryQueue.Disabled off) {
    return "Parley stopped sending events to " + shown(off.url()) + " (subscription " + off.subscriptionId() + " of workspace "
        + off.workspaceId() + ") after " + off.failures() + " failed deliveries in a row.\n\n"
        + "The last error: " + off.lastError() + "\n\n"
        + "The events that were waiting for it are dropped. Once the receiver works again, a workspace owner or admin resumes"
        + " the subscription with subscription.enable (workspaceId " + off.workspaceId() + ", subscriptionId " + off.subscriptionId()
        + "): it is then sent the events posted from then on, signed with the same secret.\n";
  }

  /** Scheme, host, port and path: a query may hold a token of the receiver's. */
  static String shown(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
