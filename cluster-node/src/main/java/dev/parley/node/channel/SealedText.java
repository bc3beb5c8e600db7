package dev.parley.node.channel;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A message's text as the journal and snapshots hold it: encrypted under the message's own key
 * ({@link MessageSeal}). Only the key table can open it, so deleting the key erases the text.
 *
 * @param bytes a format version, the id of the key ({@link MessageKey#keyId}), the nonce, then the
 *     ciphertext with its authentication tag
 */
public record SealedText(byte[] bytes) {
  static final int KEY_ID_OFFSET = 1;
  static final int KEY_ID_BYTES = Long.BYTES;

  /** The id of the key it was sealed under; 0 when the bytes are too short to name one. */
  public long keyId() {
    return bytes.length < KEY_ID_OFFSET + KEY_ID_BYTES ? 0 : ByteBuffer.wrap(bytes, KEY_ID_OFFSET, KEY_ID_BYTES).getLong();
  }

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
