package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * The {@code clientMsgId}s of the newest posts, per author, with the seq each got: a retried post
 * is answered with its first result instead of being written twice. Capped, oldest out first;
 * persistent so that a post does not copy the window.
 */
public final class RecentPostIds {
  private static final RecentPostIds EMPTY = new RecentPostIds(HashTreePMap.empty(), TreePVector.empty());

  /** One remembered post. */
  public record Entry(String author, String clientMsgId, long seq, long ts) {
    String key() {
      return keyOf(author, clientMsgId);
    }
  }

  private final PMap<String, Entry> byKey;
  private final PVector<String> order;

  private RecentPostIds(PMap<String, Entry> byKey, PVector<String> order) {
    this.byKey = byKey;
    this.order = order;
  }

  public static RecentPostIds empty() {
    return EMPTY;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RecentPostIds of(List<Entry> entries) {
    RecentPostIds ids = EMPTY;
    for (Entry entry : entries) {
      ids = ids.remember(entry, Integer.MAX_VALUE);
    }
    return ids;
  }

  @JsonValue
  List<Entry> asList() {
    return order.stream().map(byKey::get).toList();
  }

  private static String keyOf(String author, String clientMsgId) {
    return author + '\u0000' + clientMsgId;
  }

  public Optional<Entry> find(String author, String clientMsgId) {
    return Optional.ofNullable(byKey.get(keyOf(author, clientMsgId)));
  }

  public RecentPostIds remember(Entry entry, int capacity) {
    PMap<String, Entry> nextByKey = byKey.plus(entry.key(), entry);
    PVector<String> nextOrder = order.plus(entry.key());
    while (nextOrder.size() > capacity) {
      nextByKey = nextByKey.minus(nextOrder.get(0));
      nextOrder = nextOrder.minus(0);
    }
    return new RecentPostIds(nextByKey, nextOrder);
  }

  public int size() {
    return order.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecentPostIds other && order.equals(other.order) && byKey.equals(other.byKey);
  }

  @Override
  public int hashCode() {
    return order.hashCode();
  }
}
