package dev.parley.node.channel;

import java.util.List;

/**
 * The key a message's text and its edits are sealed under, with what erasure selects keys by: the
 * author (account deletion) and the post's time (retention), and the post's files, which such an
 * erasure removes too. {@code secret} never reaches a log.
 */
public record MessageKey(String channelId, long seq, String authorId, long ts, byte[] secret, List<String> fileIds) {
  public MessageKey {
    fileIds = fileIds == null ? List.of() : List.copyOf(fileIds);
  }

  /** The key of a post without files. */
  public MessageKey(String channelId, long seq, String authorId, long ts, byte[] secret) {
    this(channelId, seq, authorId, ts, secret, List.of());
  }

  @Override
  public String toString() {
    return "MessageKey[" + channelId + "#" + seq + " by " + authorId + "]";
  }
}
