package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

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

  /**
   * {@code hook}: the name of the incoming webhook that posted the message, whose id is then the
   * {@code author}; absent for a person's post. {@code bot}: true when the author is a bot account
   * (docs/protocol.md, "Bots"), absent otherwise.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MessagePosted(
      String channelId,
      long seq,
      String author,
      String text,
      long ts,
      String clientMsgId,
      Long threadSeq,
      List<String> mentions,
      Boolean deleted,
      List<Views.File> files,
      String hook,
      Boolean bot)
      implements ChannelEventData {
    public static final String TYPE = "message.posted";

    /** A post by a person or a webhook: no {@code bot}. */
    public MessagePosted(
        String channelId, long seq, String author, String text, long ts, String clientMsgId, Long threadSeq,
        List<String> mentions, Boolean deleted, List<Views.File> files, String hook) {
      this(channelId, seq, author, text, ts, clientMsgId, threadSeq, mentions, deleted, files, hook, null);
    }

    /** A post by a person: no {@code hook}. */
    public MessagePosted(
        String channelId, long seq, String author, String text, long ts, String clientMsgId, Long threadSeq,
        List<String> mentions, Boolean deleted, List<Views.File> files) {
      this(channelId, seq, author, text, ts, clientMsgId, threadSeq, mentions, deleted, files, null);
    }

    public MessagePosted(
        String channelId, long seq, String author, String text, long ts, String clientMsgId, Long threadSeq,
        List<String> mentions, Boolean deleted) {
      this(channelId, seq, author, text, ts, clientMsgId, threadSeq, mentions, deleted, null, null);
    }

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

  /** {@code text} is absent once the message is deleted. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record MessageEdited(String channelId, long seq, long target, String text, long ts) implements ChannelEventData {
    public static final String TYPE = "message.edited";

    public String type() {
      return TYPE;
    }
  }

  record MessageDeleted(String channelId, long seq, long target) implements ChannelEventData {
    public static final String TYPE = "message.deleted";

    public String type() {
      return TYPE;
    }
  }

  record ReactionAdded(String channelId, long seq, long target, String emoji, String userId)
      implements ChannelEventData {
    public static final String TYPE = "reaction.added";

    public String type() {
      return TYPE;
    }
  }

  record ReactionRemoved(String channelId, long seq, long target, String emoji, String userId)
      implements ChannelEventData {
    public static final String TYPE = "reaction.removed";

    public String type() {
      return TYPE;
    }
  }

  record TopicChanged(String channelId, long seq, String topic) implements ChannelEventData {
    public static final String TYPE = "channel.topic";

    public String type() {
      return TYPE;
    }
  }

  /** A workspace owner or admin archived the channel: it is read-only until unarchived. */
  record ChannelArchived(String channelId, long seq, String userId) implements ChannelEventData {
    public static final String TYPE = "channel.archived";

    public String type() {
      return TYPE;
    }
  }

  record ChannelUnarchived(String channelId, long seq, String userId) implements ChannelEventData {
    public static final String TYPE = "channel.unarchived";

    public String type() {
      return TYPE;
    }
  }

  /** A workspace owner or admin (`userId`) renamed the channel. */
  record ChannelRenamed(String channelId, long seq, String name, String userId) implements ChannelEventData {
    public static final String TYPE = "channel.renamed";

    public String type() {
      return TYPE;
    }
  }

  /** A workspace owner or admin deleted the channel: the last event of its log, which is unreadable from now on. */
  record ChannelDeleted(String channelId, long seq, String userId) implements ChannelEventData {
    public static final String TYPE = "channel.deleted";

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
      case MessageEdited.TYPE:
        return MessageEdited.class;
      case MessageDeleted.TYPE:
        return MessageDeleted.class;
      case ReactionAdded.TYPE:
        return ReactionAdded.class;
      case ReactionRemoved.TYPE:
        return ReactionRemoved.class;
      case TopicChanged.TYPE:
        return TopicChanged.class;
      case ChannelArchived.TYPE:
        return ChannelArchived.class;
      case ChannelUnarchived.TYPE:
        return ChannelUnarchived.class;
      case ChannelDeleted.TYPE:
        return ChannelDeleted.class;
      case ChannelRenamed.TYPE:
        return ChannelRenamed.class;
      default:
        return null;
    }
  }
}
