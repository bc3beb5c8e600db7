package dev.parley.protocol;

import java.util.List;

/** A channel log's operations: posting, editing, deleting, reacting, reading history and threads, read markers. */
public sealed interface MessageRequest extends Request {

  /**
   * {@code files}: ids of files uploaded to the channel by the poster and in no other message
   * ({@code POST /v1/files}), null when absent; with files, {@code text} may be absent or empty.
   */
  record MessagePost(String channelId, String clientMsgId, String text, Long threadSeq, List<String> files)
      implements MessageRequest {
    public MessagePost(String channelId, String clientMsgId, String text, Long threadSeq) {
      this(channelId, clientMsgId, text, threadSeq, null);
    }

    public String op() {
      return "message.post";
    }

    public MessagePost validate(Limits limits) {
      Limits.optionalSeq("threadSeq", threadSeq);
      if (threadSeq != null && threadSeq < 1) {
        throw ProtocolException.badRequest("field 'threadSeq' must be a message seq (>= 1)");
      }
      List<String> fileIds = limits.postFiles(files);
      return new MessagePost(
          limits.id("channelId", channelId),
          limits.id("clientMsgId", clientMsgId),
          fileIds.isEmpty() || (text != null && !text.isBlank()) ? limits.messageText(text) : "",
          threadSeq,
          files == null ? null : fileIds);
    }
  }

  record History(String channelId, Long before, Long after, Integer limit) implements MessageRequest {
    public String op() {
      return "history";
    }

    public History validate(Limits limits) {
      if (before != null && after != null) {
        throw ProtocolException.badRequest("give 'before' or 'after', not both");
      }
      Limits.optionalSeq("before", before);
      Limits.optionalSeq("after", after);
      return new History(limits.id("channelId", channelId), before, after, limits.historyLimit(limit));
    }
  }

  record MessageEdit(String channelId, Long seq, String text) implements MessageRequest {
    public String op() {
      return "message.edit";
    }

    public MessageEdit validate(Limits limits) {
      return new MessageEdit(limits.id("channelId", channelId), Limits.seq("seq", seq), limits.messageText(text));
    }
  }

  record MessageDelete(String channelId, Long seq) implements MessageRequest {
    public String op() {
      return "message.delete";
    }

    public MessageDelete validate(Limits limits) {
      return new MessageDelete(limits.id("channelId", channelId), Limits.seq("seq", seq));
    }
  }

  record ReactionAdd(String channelId, Long seq, String emoji) implements MessageRequest {
    public String op() {
      return "reaction.add";
    }

    public ReactionAdd validate(Limits limits) {
      return new ReactionAdd(limits.id("channelId", channelId), Limits.seq("seq", seq), limits.emoji(emoji));
    }
  }

  record ReactionRemove(String channelId, Long seq, String emoji) implements MessageRequest {
    public String op() {
      return "reaction.remove";
    }

    public ReactionRemove validate(Limits limits) {
      return new ReactionRemove(limits.id("channelId", channelId), Limits.seq("seq", seq), limits.emoji(emoji));
    }
  }

  record Thread(String channelId, Long seq, Long after, Integer limit) implements MessageRequest {
    public String op() {
      return "thread";
    }

    public Thread validate(Limits limits) {
      Limits.optionalSeq("after", after);
      return new Thread(limits.id("channelId", channelId), Limits.seq("seq", seq), after, limits.historyLimit(limit));
    }
  }

  record Read(String channelId, Long seq) implements MessageRequest {
    public String op() {
      return "read";
    }

    public Read validate(Limits limits) {
      Limits.required("seq", seq);
      Limits.optionalSeq("seq", seq);
      return new Read(limits.id("channelId", channelId), seq);
    }
  }
}
