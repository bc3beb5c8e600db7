package dev.parley.node.channel;

import java.util.List;

/**
 * The key a message's text and its edits are sealed under, with what erasure selects keys by: the
 * author (account deletion) and the post's time (retention), and the post's files, which such an
 * erasure removes too. {@code keyId} is named by every text sealed under it ({@link SealedText}),
 * so that keys written for the same seq by two writers never stand in for each other. {@code
 * secret} never reaches a log.
 */
public record MessageKey(
    String channelId, long seq, long keyId, String authorId, long ts, byte[] secret, List<String> fileIds) {
  public MessageKey {
    fileIds = fileIds == null ? List.of() : List.copyOf(fileIds);
  }

  /** Which key this is, as a sealed text names it. */
  public KeyRef ref() {
    return new KeyRef(seq, keyId);
  }

  @Override
  public String toString() {
    return "MessageKey[" + channelId + "#" + seq + "/" + keyId + " by " + authorId + "]";
  }
}
