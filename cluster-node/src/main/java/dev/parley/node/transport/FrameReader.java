package dev.parley.node.transport;

import java.nio.ByteBuffer;
import org.apache.pekko.util.ByteString;

/**
 * A client's WebSocket frames (RFC 6455, 5.2) out of the bytes its socket reads, in whatever pieces
 * they arrive: each frame's head with the first part of its payload, then the rest in parts, as
 * {@link InboundAssembler} takes them. A head split between two reads is kept until it is whole.
 */
final class FrameReader {
  /** Two bytes, a 64-bit length and a masking key. */
  private static final int MAX_HEAD = 14;
  private static final int SHORT_LENGTH = 126;
  private static final int LONG_LENGTH = 127;
  private static final int MASK_BYTES = 4;

  private final byte[] head = new byte[MAX_HEAD];
  private int headBytes;
  /** Payload bytes of the current frame not read yet; -1 between frames. */
  private long payloadLeft = -1;

  /**
   * What the next frame event in {@code bytes} completes ({@link InboundAssembler.More} for a part
   * that completes nothing), or null once {@code bytes} holds no more of one.
   */
  InboundAssembler.Result next(ByteBuffer bytes, InboundAssembler assembler) {
    if (payloadLeft > 0) {
      if (!bytes.hasRemaining()) {
        return null;
      }
      ByteString part = take(bytes, payloadLeft);
      payloadLeft -= part.size();
      InboundAssembler.Result result = assembler.onFrameData(part, payloadLeft == 0);
      if (payloadLeft == 0) {
        payloadLeft = -1;
      }
      return result;
    }
    FrameHead frame = head(bytes);
    if (frame == null) {
      return null;
    }
    ByteString first = take(bytes, frame.length());
    payloadLeft = frame.length() - first.size();
    if (payloadLeft == 0) {
      payloadLeft = -1;
    }
    return assembler.onFrameStart(frame, first);
  }

  /** The next frame's head once all its bytes are read, else null (what there was is kept). */
  private FrameHead head(ByteBuffer bytes) {
    while (headBytes < 2 && bytes.hasRemaining()) {
      head[headBytes++] = bytes.get();
    }
    if (headBytes < 2) {
      return null;
    }
    int length7 = head[1] & 0x7F;
    boolean masked = (head[1] & 0x80) != 0;
    int lengthBytes = length7 == SHORT_LENGTH ? 2 : length7 == LONG_LENGTH ? 8 : 0;
    int size = 2 + lengthBytes + (masked ? MASK_BYTES : 0);
    while (headBytes < size && bytes.hasRemaining()) {
      head[headBytes++] = bytes.get();
    }
    if (headBytes < size) {
      return null;
    }
    headBytes = 0;
    long length = length7 < SHORT_LENGTH ? length7 : bigEndian(2, lengthBytes);
    if (length < 0) {
      // a 64-bit length with its top bit set, which RFC 6455 forbids: too long by any limit
      length = Long.MAX_VALUE;
    }
    Integer mask = masked ? (int) bigEndian(2 + lengthBytes, MASK_BYTES) : null;
    return new FrameHead(
        (byte) (head[0] & 0x0F), (head[0] & 0x80) != 0, mask, (head[0] & 0x70) != 0, length);
  }

  private long bigEndian(int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      value = (value << 8) | (head[i] & 0xFF);
    }
    return value;
  }

  /** Up to {@code most} of the bytes, copied: the buffer they were read into is read into again. */
  private static ByteString take(ByteBuffer bytes, long most) {
    int n = (int) Math.min(most, bytes.remaining());
    ByteBuffer part = bytes.slice(bytes.position(), n);
    bytes.position(bytes.position() + n);
    return ByteString.fromByteBuffer(part);
  }
}
