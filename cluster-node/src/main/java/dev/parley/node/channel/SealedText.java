package dev.parley.node.channel;

import java.util.Arrays;

/**
 * A message's text as the journal and snapshots hold it: encrypted under the message's own key
 * ({@link MessageSeal}). Only the key table can open it, so deleting the key erases the text.
 *
 * @param bytes a format version, the nonce, then the ciphertext with its authentication tag
 */
public record SealedText(byte[] bytes) {

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedText other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "SealedText[" + bytes.length + " bytes]";
  }
}
