package dev.parley.node.channel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;


/**
 * {@link MessageKeys} in memory, for entity tests: a staged key is kept at once (the in-memory
 * journal of these tests never fails a write; KeyedJournalDaoTest shows what a failed one does).
 */
final class MemoryKeys implements MessageKeys {
  private final Map<String, MessageKey> keys = new ConcurrentHashMap<>();

  @Override
  public void stage(List<MessageKey> written) {
    written.forEach(key -> keys.put(key.channelId() + "#" + key.seq() + "/" + key.keyId(), key));
  }

  @Override
  public void dropStaged(String channelId) {}

  @Override
  public CompletionStage<List<MessageKey>> load(String channelId, Collection<Long> seqs) {
    return CompletableFuture.completedFuture(
        keys.values().stream().filter(key -> key.channelId().equals(channelId) && seqs.contains(key.seq())).toList());
  }

  @Override
  public CompletionStage<Void> delete(String channelId, long seq) {
    keys.values().removeIf(key -> key.channelId().equals(channelId) && key.seq() == seq);
    return CompletableFuture.completedFuture(null);
  }

  /** Events as members read them: each sealed post or edit opened with the key it was sealed under. */
  <E extends ChannelEvent> List<E> asRead(List<E> events) {
    return events.stream().map(this::asRead).toList();
  }

  @SuppressWarnings("unchecked")
  <E extends ChannelEvent> E asRead(E event) {
    if (!(event instanceof ChannelEvent.Sequenced sequenced) || !SealedEvents.isSealed(sequenced)) {
      return event;
    }
    for (MessageKey key : keys.values()) {
      if (key.seq() == SealedEvents.keySeq(sequenced)) {
        ChannelEvent.Sequenced opened = SealedEvents.open(key.channelId(), sequenced, key);
        String text = opened instanceof ChannelEvent.MessagePosted p ? p.text() : ((ChannelEvent.MessageEdited) opened).text();
        if (text != null) {
          return (E) SealedEvents.plain(opened);
        }
      }
    }
    throw new AssertionError("no key opens " + event);
  }

  boolean has(String channelId, long seq) {
    return keys.values().stream().anyMatch(key -> key.channelId().equals(channelId) && key.seq() == seq);
  }

  /** Erases what an account's deletion would: every key of {@code authorId}. */
  void deleteAuthor(String authorId) {
    keys.values().removeIf(key -> key.authorId().equals(authorId));
  }

}
