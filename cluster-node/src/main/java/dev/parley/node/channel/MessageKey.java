package dev.parley.node.channel;

/**
 * The key a message's text and its edits are sealed under, with what erasure selects keys by: the
 * author (account deletion) and the post's time (retention). {@code secret} never reaches a log.
 */
public record MessageKey(String channelId, long seq, String authorId, long ts, byte[] secret) {

  @Override
  public String toString() {
    return "MessageKey[" + channelId + "#" + seq + " by " + authorId + "]";
  }
}
