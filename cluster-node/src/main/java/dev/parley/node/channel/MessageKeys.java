package dev.parley.node.channel;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where message keys are kept (the {@code parley_message_key} table), as a {@link Channel} and its
 * history use it. A key is written before the events sealed under it, and deleted to erase them.
 */
public interface MessageKeys {

  /**
   * Stores the keys beside any others of the same seqs (a write retried after a failed persist
   * reuses its seqs; the sealed text names its key); completes when durable.
   */
  CompletionStage<Void> save(List<MessageKey> keys);

  /** Every key of these seqs of {@code channelId} that still exists, in one query. */
  CompletionStage<List<MessageKey>> load(String channelId, Collection<Long> seqs);

  /** Erases the message at {@code seq} and its edits; completes when its key rows are gone. */
  CompletionStage<Void> delete(String channelId, long seq);
}
