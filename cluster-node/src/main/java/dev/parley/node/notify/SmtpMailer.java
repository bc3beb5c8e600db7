package dev.parley.node.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends through the deployment's SMTP server (Eclipse Angus Mail), one connection per email: a
 * node sends at most one email per user per delay, too few to keep a connection open for. With
 * STARTTLS on, a server that does not offer it is refused rather than sent the password in clear.
 */
final class SmtpMailer implements Mailer {
  private final NotifySettings.Smtp smtp;
  private final Session session;

  SmtpMailer(NotifySettings.Smtp smtp) {
    this.smtp = smtp;
    Properties properties = new Properties();
    properties.put("mail.smtp.host", smtp.host());
    properties.put("mail.smtp.port", String.valueOf(smtp.port()));
    properties.put("mail.smtp.auth", String.valueOf(!smtp.user().isEmpty()));
    properties.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
    properties.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
    String timeout = String.valueOf(smtp.timeout().toMillis());
    properties.put("mail.smtp.connectiontimeout", timeout);
    properties.put("mail.smtp.timeout", timeout);
    properties.put("mail.smtp.writetimeout", timeout);
    this.session = Session.getInstance(properties);
  }

  @Override
  public void send(NotificationEmail email) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(smtp.from(), true));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(email.to(), true));
    message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(new Date());
    message.setText(email.body(), StandardCharsets.UTF_8.name());
    if (email.unsubscribeUrl() != null) {
      // RFC 2369 and RFC 8058: mail clients show their own unsubscribe button for it.
      message.setHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
    }
    message.setHeader("Auto-Submitted", "auto-generated");
    if (smtp.user().isEmpty()) {
      Transport.send(message);
    } else {
      Transport.send(message, smtp.user(), smtp.password());
    }
  }
}
