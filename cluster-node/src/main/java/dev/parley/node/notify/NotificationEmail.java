package dev.parley.node.notify;

import java.util.List;

/**
 * One recipient's batched notification: who mentioned them, or wrote to them in a DM, in which
 * channel, with a link to each channel and an unsubscribe link. Never the message text: a
 * deployment that erases messages (docs/design.md, "Erasure") must not have copies of them in
 * mailboxes it cannot reach, so the email says where to read, not what was written. Also what
 * {@link AccountMail} sends, with {@code unsubscribeUrl} null: an email the user did not opt into.
 */
record NotificationEmail(String to, String subject, String body, String unsubscribeUrl) {

  /** One mention or DM post: {@code author} as the recipient should read it, {@code channel} its name (null for a DM). */
  record Item(String author, String channel, boolean direct, String link) {
    String what() {
      return direct || channel == null ? author + " sent you a direct message" : author + " mentioned you in #" + channel;
    }
  }

  static NotificationEmail of(String to, List<Item> items, String unsubscribeUrl) {
    String subject =
        items.size() == 1
            ? items.get(0).what()
            : items.size() + " new mentions and direct messages in Parley";
    StringBuilder body = new StringBuilder();
    body.append("While you were away:\n\n");
    for (Item item : items) {
      body.append("- ").append(item.what()).append(": ").append(item.link()).append('\n');
    }
    body.append("\nOpen Parley to read and answer.\n\n")
        .append("You get these emails for mentions and direct messages you have not read for a while.")
        .append(" To get no more of them, open this link: ")
        .append(unsubscribeUrl)
        .append('\n');
    return new NotificationEmail(to, subject, body.toString(), unsubscribeUrl);
  }
}
