package dev.parley.node.channel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link ChannelHistory} whose posts and edits come opened: the keys a page needs are loaded in
 * one query, and a message whose key is gone reads as erased.
 */
public final class OpeningHistory implements ChannelHistory {
  private final ChannelHistory journal;
  private final MessageKeys keys;

  public OpeningHistory(ChannelHistory journal, MessageKeys keys) {
    this.journal = journal;
    this.keys = keys;
  }

  @Override
  public CompletionStage<List<ChannelEvent.Sequenced>> read(String channelId, long fromSeq, long toSeq) {
    return journal
        .read(channelId, fromSeq, toSeq)
        .thenCompose(
            events -> {
              Set<KeyRef> needed = SealedEvents.keysNeeded(events);
              if (needed.isEmpty()) {
                return CompletableFuture.completedFuture(events);
              }
              return keys
                  .load(channelId, SealedEvents.seqsOf(needed))
                  .thenApply(found -> SealedEvents.open(channelId, events, SealedEvents.byRef(found)));
            });
  }
}
