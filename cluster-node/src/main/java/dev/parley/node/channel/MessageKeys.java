package dev.parley.node.channel;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where message keys are kept (the {@code parley_message_key} table), as a {@link Channel} and its
 * history use it. A key is written with the event sealed under it, and deleted to erase them.
 */
public interface MessageKeys {

  /**
   * Hands the keys of posts about to be persisted to the journal, which writes each in the
   * transaction of the event at its seq: call it just before persisting those events. A key is
   * stored beside any others of the same seq (a write retried after a failed persist reuses its
   * seqs; the sealed text names its key).
   */
  void stage(List<MessageKey> keys);

  /** Forgets keys staged by an earlier incarnation of the channel whose write never reached the database. */
  void dropStaged(String channelId);

  /** Every key of these seqs of {@code channelId} that still exists, in one query. */
  CompletionStage<List<MessageKey>> load(String channelId, Collection<Long> seqs);

  /** Erases the message at {@code seq} and its edits; completes when its key rows are gone. */
  CompletionStage<Void> delete(String channelId, long seq);
}
