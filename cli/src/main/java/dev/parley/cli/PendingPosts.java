package dev.parley.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Posts sent but not yet acknowledged, keyed by {@code clientMsgId}, in the order they were
 * typed. They outlive connections: after a reconnect every one is sent again with the same
 * {@code clientMsgId}, which the server deduplicates. Only an {@code ok} (or a final error)
 * removes one.
 */
final class PendingPosts {
  record Post(String clientMsgId, String channelId, String text) {}

  private final Supplier<String> ids;
  private final Map<String, Post> posts = new LinkedHashMap<>();

  PendingPosts(Supplier<String> ids) {
    this.ids = ids;
  }

  Post add(String channelId, String text) {
    Post post = new Post(ids.get(), channelId, text);
    if (posts.putIfAbsent(post.clientMsgId(), post) != null) {
      throw new IllegalStateException("clientMsgId reused: " + post.clientMsgId());
    }
    return post;
  }

  Optional<Post> get(String clientMsgId) {
    return Optional.ofNullable(posts.get(clientMsgId));
  }

  /** The ok arrived; false if it was not pending (a second ok for a resent post). */
  boolean acknowledge(String clientMsgId) {
    return posts.remove(clientMsgId) != null;
  }

  /** Given up on (the server refused it for good). */
  Optional<Post> drop(String clientMsgId) {
    return Optional.ofNullable(posts.remove(clientMsgId));
  }

  /** What to send again after a reconnect, oldest first. */
  List<Post> inOrder() {
    return new ArrayList<>(posts.values());
  }

  boolean isEmpty() {
    return posts.isEmpty();
  }

  int size() {
    return posts.size();
  }
}
