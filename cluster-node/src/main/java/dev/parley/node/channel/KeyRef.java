package dev.parley.node.channel;

/** A key of a channel as a sealed text names it: the seq of its post, and its id among that seq's keys. */
public record KeyRef(long seq, long keyId) {

  /** The key that opens {@code sealed}, a post's or an edit's whose key is that of the post at {@code keySeq}. */
  static KeyRef of(long keySeq, SealedText sealed) {
    return new KeyRef(keySeq, sealed.keyId());
  }
}
