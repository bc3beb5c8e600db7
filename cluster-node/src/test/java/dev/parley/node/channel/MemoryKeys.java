package dev.parley.node.channel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;


/** {@link MessageKeys} in memory, for entity tests; {@link #failWrites} makes writes fail as a lost database would. */
final class MemoryKeys implements MessageKeys {
  private final Map<String, MessageKey> keys = new ConcurrentHashMap<>();
  volatile boolean failWrites;

  @Override
  public CompletionStage<Void> save(List<MessageKey> written) {
    if (failWrites) {
      return CompletableFuture.failedFuture(new IllegalStateException("the key table is unreachable"));
    }
    written.forEach(key -> keys.put(id(key.channelId(), key.seq()), key));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Map<Long, MessageKey>> load(String channelId, Collection<Long> seqs) {
    return CompletableFuture.completedFuture(
        seqs.stream()
            .map(seq -> keys.get(id(channelId, seq)))
            .filter(key -> key != null)
            .collect(Collectors.toMap(MessageKey::seq, key -> key)));
  }

  @Override
  public CompletionStage<Void> delete(String channelId, long seq) {
    keys.remove(id(channelId, seq));
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
    return keys.containsKey(id(channelId, seq));
  }

  /** Erases what an account's deletion would: every key of {@code authorId}. */
  void deleteAuthor(String authorId) {
    keys.values().removeIf(key -> key.authorId().equals(authorId));
  }

  private static String id(String channelId, long seq) {
    return channelId + "#" + seq;
  }
}
