package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;

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
  @JsonSubTypes.Type(value = ChannelEvent.MessagePosted.class, name = "message-posted")
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

  record MemberJoined(long seq, String userId, long ts) implements Sequenced {}

  record MemberLeft(long seq, String userId, long ts) implements Sequenced {}

  record MessagePosted(long seq, String author, String text, long ts, String clientMsgId, Long threadSeq)
      implements Sequenced {}
}
