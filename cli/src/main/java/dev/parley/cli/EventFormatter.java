package dev.parley.cli;

import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.Views;
import dev.parley.protocol.WireCodec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The chat lines: {@code [HH:mm] username: text} for a post, {@code * username joined} and
 * {@code * username left}. Other event types print nothing. Text cannot forge lines or drive
 * the terminal: control characters become U+FFFD, and a line break in a message continues on a
 * new line indented by two spaces, so every line that starts with {@code [} or {@code *} is one
 * the server sent as an event.
 */
final class EventFormatter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final long KIB = 1024;

  private final WireCodec codec;
  private final ZoneId zone;

  EventFormatter(WireCodec codec, ZoneId zone) {
    this.codec = codec;
    this.zone = zone;
  }

  /** The line for an event, or null for a type that is not shown. {@code names}: user id to name. */
  String format(ChannelEvent event, UnaryOperator<String> names) {
    ChannelEventData data;
    try {
      data = codec.channelEvent(event.type(), event.data());
    } catch (IllegalArgumentException e) {
      return null; // a shape this version cannot read
    }
    if (data instanceof ChannelEventData.MessagePosted posted) {
      String text = Boolean.TRUE.equals(posted.deleted()) || posted.text() == null ? "(deleted)" : clean(posted.text());
      return "[" + TIME.format(Instant.ofEpochMilli(posted.ts()).atZone(zone)) + "] "
          + clean(names.apply(posted.author())) + ": " + text + files(posted);
    }
    if (data instanceof ChannelEventData.MemberJoined joined) {
      return "* " + clean(names.apply(joined.userId())) + " joined";
    }
    if (data instanceof ChannelEventData.MemberLeft left) {
      return "* " + clean(names.apply(left.userId())) + " left";
    }
    return null;
  }

  /** Each attached file as {@code [file: name, size, type]} after the text; nothing for a deleted post. */
  private static String files(ChannelEventData.MessagePosted posted) {
    if (posted.files() == null || Boolean.TRUE.equals(posted.deleted())) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Views.File file : posted.files()) {
      out.append(" [file: ").append(clean(file.name())).append(", ").append(size(file.size())).append(", ")
          .append(clean(file.contentType())).append(']');
    }
    return out.toString();
  }

  private static String size(long bytes) {
    if (bytes < KIB) {
      return bytes + " B";
    }
    return bytes < KIB * KIB
        ? String.format(Locale.ROOT, "%.1f KiB", bytes / (double) KIB)
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (KIB * KIB));
  }

  static String clean(String text) {
    if (text == null) {
      return "?";
    }
    String unified = text.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(unified.length());
    unified.codePoints().forEach(cp -> {
      if (cp == '\n') {
        out.append("\n  ");
      } else if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
        out.append('\uFFFD');
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }
}
