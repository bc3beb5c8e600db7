package dev.parley.node.notify;

import dev.parley.node.Blocking;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.session.UserSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the notices whose delay has passed: for each recipient with one due, every notice they
 * have pending goes into one email (so mentions made within one delay make one email), less those
 * they read meanwhile (their session's read marker is at or past the post), those of channels they
 * are no longer in, and those their preferences silence (all of them for a deactivated account);
 * with no address or nothing left, no email. The notices are removed once sent or dropped; a
 * failed send fails the round and leaves them for the next; a session that does not answer leaves
 * its user's for the next round while the others go on.
 */
final class NoticeSender {
  private static final Logger log = LoggerFactory.getLogger(NoticeSender.class);

  /** A pending notice of a post at {@code seq}; {@code direct}: in a DM rather than a mention. */
  record Notice(String channelId, long seq, String authorId, boolean direct) {}

  /** A recipient with a notice due, and what is needed to write to them. */
  record Recipient(
      String userId, List<Notice> notices, Optional<String> email, Preferences.Choices preferences, Map<String, String> authors) {}

  private final DataSource dataSource;
  private final Blocking blocking;
  private final Mailer mailer;
  private final Function<String, CompletionStage<UserSession.State>> sessions;
  private final UnsubscribeLinks unsubscribe;
  private final String publicUrl;
  private final int batchSize;
  private final Clock clock;

  NoticeSender(
      DataSource dataSource,
      Blocking blocking,
      Mailer mailer,
      Function<String, CompletionStage<UserSession.State>> sessions,
      UnsubscribeLinks unsubscribe,
      NotifySettings settings,
      Clock clock) {
    this.dataSource = dataSource;
    this.blocking = blocking;
    this.mailer = mailer;
    this.sessions = sessions;
    this.unsubscribe = unsubscribe;
    this.publicUrl = settings.publicUrl();
    this.batchSize = settings.batchSize();
    this.clock = clock;
  }

  /** Sends to up to a batch of recipients, one after the other; answers how many emails went out. */
  CompletionStage<Integer> sendDue() {
    return blocking.run(this::dueRecipients).thenCompose(recipients -> sendEach(recipients, 0, 0));
  }

  private CompletionStage<Integer> sendEach(List<Recipient> recipients, int index, int sent) {
    if (index == recipients.size()) {
      return CompletableFuture.completedFuture(sent);
    }
    return deliver(recipients.get(index)).thenCompose(emailed -> sendEach(recipients, index + 1, emailed ? sent + 1 : sent));
  }

  private CompletionStage<Boolean> deliver(Recipient recipient) {
    if (recipient.email().isEmpty()) {
      return blocking.run(() -> remove(recipient)).thenApply(done -> false);
    }
    return sessions
        .apply(recipient.userId())
        .handle(
            (state, failure) -> {
              if (failure != null) {
                // Its shard is moving, or its node is out of reach: the others go on, it waits for the next round.
                log.warn("Notifier could not read the session of user {}, trying again next round: {}", recipient.userId(), failure.toString());
              }
              return Optional.ofNullable(state);
            })
        .thenCompose(
            found -> found.isEmpty() ? CompletableFuture.completedFuture(false) : send(recipient, found.get()));
  }

  private CompletionStage<Boolean> send(Recipient recipient, UserSession.State state) {
    List<NotificationEmail.Item> items = itemsFor(recipient, state);
    return blocking.run(
        () -> {
          if (!items.isEmpty()) {
            mailer.send(NotificationEmail.of(recipient.email().get(), items, unsubscribeUrl(recipient.userId())));
            log.info("Notification email sent to user {}: {} mention(s) and direct message(s)", recipient.userId(), items.size());
          }
          return remove(recipient) && !items.isEmpty();
        });
  }

  /** Nothing for a deactivated account; else the notices still unread in channels the user is in, as their preferences allow. */
  private List<NotificationEmail.Item> itemsFor(Recipient recipient, UserSession.State state) {
    List<NotificationEmail.Item> items = new ArrayList<>();
    if (state.suspended()) {
      return items;
    }
    for (Notice notice : recipient.notices()) {
      UserSession.ChannelMembership channel = state.channels().get(notice.channelId());
      if (channel == null
          || state.readSeq(notice.channelId()) >= notice.seq()
          || !recipient.preferences().in(notice.channelId()).emailsMentionsAndDms()) {
        continue;
      }
      items.add(
          new NotificationEmail.Item(
              recipient.authors().getOrDefault(notice.authorId(), "Someone"),
              channel.name(),
              notice.direct() || channel.kind() == ChannelKind.DM,
              publicUrl + "/#" + notice.channelId()));
    }
    return items;
  }

  private String unsubscribeUrl(String userId) {
    return publicUrl + UnsubscribeLinks.PATH + "?token=" + unsubscribe.token(userId);
  }

  private List<Recipient> dueRecipients() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      List<String> userIds = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement("SELECT DISTINCT user_id FROM parley_notify_pending WHERE due_at <= ? LIMIT ?")) {
        select.setLong(1, clock.millis());
        select.setInt(2, batchSize);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            userIds.add(rows.getString(1));
          }
        }
      }
      List<Recipient> recipients = new ArrayList<>();
      for (String userId : userIds) {
        List<Notice> notices = notices(connection, userId);
        recipients.add(
            new Recipient(
                userId,
                notices,
                EmailAddresses.find(connection, userId),
                Preferences.load(connection, userId),
                authors(connection, notices)));
      }
      return recipients;
    }
  }

  private static List<Notice> notices(Connection connection, String userId) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT channel_id, seq, author_id, direct FROM parley_notify_pending WHERE user_id = ? ORDER BY due_at, channel_id, seq")) {
      select.setString(1, userId);
      List<Notice> notices = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          notices.add(new Notice(rows.getString(1), rows.getLong(2), rows.getString(3), rows.getBoolean(4)));
        }
      }
      return notices;
    }
  }

  /** The authors as the account directory names them: display name and {@code @username}. */
  private static Map<String, String> authors(Connection connection, List<Notice> notices) throws SQLException {
    Map<String, String> names = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement("SELECT username, display_name FROM parley_account WHERE user_id = ?")) {
      for (Notice notice : notices) {
        if (names.containsKey(notice.authorId())) {
          continue;
        }
        select.setString(1, notice.authorId());
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            String username = rows.getString(1);
            String displayName = rows.getString(2);
            names.put(notice.authorId(), displayName == null ? "@" + username : displayName + " (@" + username + ")");
          }
        }
      }
    }
    return names;
  }

  /** Removes exactly the notices read for this round: ones recorded since wait for their own. */
  private boolean remove(Recipient recipient) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM parley_notify_pending WHERE user_id = ? AND channel_id = ? AND seq = ?")) {
      for (Notice notice : recipient.notices()) {
        delete.setString(1, recipient.userId());
        delete.setString(2, notice.channelId());
        delete.setLong(3, notice.seq());
        delete.addBatch();
      }
      delete.executeBatch();
      return true;
    }
  }
}
