package dev.parley.node.channel;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads a range of a channel's log from the journal, for history older than the recent window. */
public interface ChannelHistory {

  /** The channel events with {@code fromSeq <= seq <= toSeq}, ascending. */
  CompletionStage<List<ChannelEvent.Sequenced>> read(String channelId, long fromSeq, long toSeq);
}
