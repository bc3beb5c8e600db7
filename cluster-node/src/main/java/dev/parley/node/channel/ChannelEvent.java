package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import java.util.List;

/**
 * The persisted events of a {@link Channel}. Every event after {@link Created} is a channel event
 * of the contract and carries its {@code seq}; the journal's sequence number of a channel event is
 * always {@code seq + 1} (Created is sequence number 1), which is what lets {@link ChannelHistory}
 * read any range of seqs straight from the journal.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = ChannelEvent.Created.class, name = "created"),
  @JsonSubTypes.Type(value = ChannelEvent.MemberJoined.class, name = "member-joined"),
  @JsonSubTypes.Type(value = ChannelEvent.MemberLeft.class, name = "member-left"),
  @JsonSubTypes.Type(value = ChannelEvent.MessagePosted.class, name = "message-posted"),
  @JsonSubTypes.Type(value = ChannelEvent.MessageEdited.class, name = "message-edited"),
  @JsonSubTypes.Type(value = ChannelEvent.MessageDeleted.class, name = "message-deleted"),
  @JsonSubTypes.Type(value = ChannelEvent.ReactionAdded.class, name = "reaction-added"),
  @JsonSubTypes.Type(value = ChannelEvent.ReactionRemoved.class, name = "reaction-removed"),
  @JsonSubTypes.Type(value = ChannelEvent.TopicChanged.class, name = "topic-changed"),
  @JsonSubTypes.Type(value = ChannelEvent.ArchiveChanged.class, name = "archive-changed"),
  @JsonSubTypes.Type(value = ChannelEvent.ChannelDeleted.class, name = "channel-deleted"),
  @JsonSubTypes.Type(value = ChannelEvent.ChannelRenamed.class, name = "channel-renamed")
})
public sealed interface ChannelEvent extends CborSerializable {

  /** The journal sequence number of the channel event with this seq. */
  static long sequenceNrOf(long seq) {
    return seq + 1;
  }

  record Created(
      String channelId, String workspaceId, String name, ChannelKind kind, String topic, String createdBy, long ts)
      implements ChannelEvent {}

  /** An event of the channel log, visible to members, with its gap-free {@code seq}. */
  sealed interface Sequenced extends ChannelEvent {
    long seq();

    long ts();
  }

  /** {@code addedBy} is null when the user joined by themselves (or created the channel). */
  record MemberJoined(long seq, String userId, long ts, String addedBy) implements Sequenced {
    public MemberJoined(long seq, String userId, long ts) {
      this(seq, userId, ts, null);
    }
  }

  record MemberLeft(long seq, String userId, long ts) implements Sequenced {}

  /**
   * {@code mentions}: the user ids named by {@code @username} in the text; {@code files}: the files
   * attached to the post (both absent in older events, so empty). {@code sealed}: the text under the
   * message's key ({@link MessageSeal}); the journal holds a post with {@code sealed} and no
   * {@code text}, while posts journaled before erasure existed hold {@code text} only. In memory a
   * post is opened ({@link SealedEvents}): {@code text} filled in from {@code sealed}. {@code
   * hookName}: the name of the incoming webhook that posted it, whose id is the {@code author}
   * (absent in older events and people's posts).
   */
  record MessagePosted(
      long seq,
      String author,
      String text,
      long ts,
      String clientMsgId,
      Long threadSeq,
      List<String> mentions,
      List<PostedFile> files,
      SealedText sealed,
      String hookName)
      implements Sequenced {
    public MessagePosted {
      mentions = mentions == null ? List.of() : List.copyOf(mentions);
      files = files == null ? List.of() : List.copyOf(files);
    }

    public MessagePosted(
        long seq,
        String author,
        String text,
        long ts,
        String clientMsgId,
        Long threadSeq,
        List<String> mentions,
        List<PostedFile> files) {
      this(seq, author, text, ts, clientMsgId, threadSeq, mentions, files, null, null);
    }

    /** A person's post in its journal form. */
    public MessagePosted(
        long seq, String author, String text, long ts, String clientMsgId, Long threadSeq, List<String> mentions,
        List<PostedFile> files, SealedText sealed) {
      this(seq, author, text, ts, clientMsgId, threadSeq, mentions, files, sealed, null);
    }

    public MessagePosted(
        long seq, String author, String text, long ts, String clientMsgId, Long threadSeq, List<String> mentions) {
      this(seq, author, text, ts, clientMsgId, threadSeq, mentions, List.of(), null, null);
    }

    MessagePosted withText(String newText, SealedText newSealed) {
      return new MessagePosted(seq, author, newText, ts, clientMsgId, threadSeq, mentions, files, newSealed, hookName);
    }
  }

  /** A file attached to a post, as members see it; {@code thumbnail}: a scaled-down image of it exists. */
  record PostedFile(String id, String name, long size, String contentType, boolean thumbnail) implements CborSerializable {}

  /**
   * A post's text replaced by its author; {@code target} is the seq of the message.posted. The new
   * text is {@code sealed} under the target's key, as a post's is ({@link MessagePosted}).
   */
  record MessageEdited(long seq, long target, String text, long ts, String editor, SealedText sealed) implements Sequenced {
    public MessageEdited(long seq, long target, String text, long ts, String editor) {
      this(seq, target, text, ts, editor, null);
    }

    MessageEdited withText(String newText, SealedText newSealed) {
      return new MessageEdited(seq, target, newText, ts, editor, newSealed);
    }
  }

  /** A post removed by its author or a workspace owner/admin; its text is no longer shown. */
  record MessageDeleted(long seq, long target, long ts, String deletedBy) implements Sequenced {}

  record ReactionAdded(long seq, long target, String emoji, String userId, long ts) implements Sequenced {}

  record ReactionRemoved(long seq, long target, String emoji, String userId, long ts) implements Sequenced {}

  record TopicChanged(long seq, String topic, String userId, long ts) implements Sequenced {}

  /** A workspace owner or admin archived the channel ({@code archived}: read-only) or unarchived it. */
  record ArchiveChanged(long seq, boolean archived, String userId, long ts) implements Sequenced {}

  /** A workspace owner or admin renamed the channel (the Workspace gave it the name first). */
  record ChannelRenamed(long seq, String name, String userId, long ts) implements Sequenced {}

  /** A workspace owner or admin deleted the channel: the log's last event; nobody reads it afterwards. */
  record ChannelDeleted(long seq, String userId, long ts) implements Sequenced {}
}
