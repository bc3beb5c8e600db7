package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code data} of channel events: every one has {@code channelId} and {@code seq}. The same
 * shapes appear live ({@code op: event}) and in {@code history}.
 */
public sealed interface ChannelEventData {
  String channelId();

  long seq();

  /** The event's wire {@code type}. */
  @JsonIgnore
  String type();

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MessagePosted(
      String channelId,
      long seq,
      String author,
      String text,
      long ts,
      String clientMsgId,
      Long threadSeq,
      Boolean deleted)
      implements ChannelEventData {
    public static final String TYPE = "message.posted";

    public String type() {
      return TYPE;
    }
  }

  record MemberJoined(String channelId, long seq, String userId) implements ChannelEventData {
    public static final String TYPE = "member.joined";

    public String type() {
      return TYPE;
    }
  }

  record MemberLeft(String channelId, long seq, String userId) implements ChannelEventData {
    public static final String TYPE = "member.left";

    public String type() {
      return TYPE;
    }
  }

  /** The Java class of a channel event's data, by wire type; null for types this version lacks. */
  static Class<? extends ChannelEventData> classOf(String type) {
    switch (type) {
      case MessagePosted.TYPE:
        return MessagePosted.class;
      case MemberJoined.TYPE:
        return MemberJoined.class;
      case MemberLeft.TYPE:
        return MemberLeft.class;
      default:
        return null;
    }
  }
}
