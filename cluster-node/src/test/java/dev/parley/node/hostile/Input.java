package dev.parley.node.hostile;

import dev.parley.node.testing.RawWebSocket;
import dev.parley.protocol.CloseCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One WebSocket message of hostile input, as the frames that carry it, and what the contract says
 * must follow it: exactly one reply, or the socket closed with a given code.
 *
 * @param kind which generator made it, for the run's summary
 * @param op the op of a frame whose reply is checked beyond its code, else null
 */
record Input(String kind, String op, List<WireFrame> frames, Expected expected) {

  /** RFC 6455 1007: a text message that is not UTF-8. Pekko HTTP closes with it before Parley sees the message. */
  static final int NOT_UTF8 = 1007;
  /** RFC 6455 1002: frames that break the WebSocket protocol itself (reserved opcodes, orphan continuations). */
  static final int PROTOCOL_ERROR = 1002;

  /** One frame on the wire. */
  record WireFrame(boolean fin, int opcode, byte[] payload) {}

  sealed interface Expected {}

  /** Exactly one {@code ok} or {@code error}; {@code ref} is its ref when the frame carried a readable one. */
  record Reply(String ref) implements Expected {}

  /** No reply: the socket is closed with one of {@code codes}. */
  record Close(Set<Integer> codes) implements Expected {}

  /** A text frame; {@code trackedRef} is the ref the reply must carry, or null when it cannot be known. */
  static Input text(String kind, String op, String json, String trackedRef, int maxFrameBytes) {
    return message(kind, op, RawWebSocket.TEXT, List.of(json.getBytes(StandardCharsets.UTF_8)), trackedRef, maxFrameBytes);
  }

  /**
   * A message in one or more frames, with what the node must do about it worked out from its bytes
   * the way the node's edge works: a frame over the limit is refused at the frame level (1009), text
   * that is not UTF-8 is refused by the WebSocket stack (1007), a text message over the limit in
   * characters is refused by the connection (1009); anything else is answered.
   */
  static Input message(String kind, String op, int opcode, List<byte[]> fragments, String trackedRef, int maxFrameBytes) {
    List<WireFrame> frames =
        IntStream.range(0, fragments.size())
            .mapToObj(
                i ->
                    new WireFrame(
                        i == fragments.size() - 1, i == 0 ? opcode : RawWebSocket.CONTINUATION, fragments.get(i)))
            .toList();
    boolean frameTooLarge = fragments.stream().anyMatch(f -> f.length > maxFrameBytes);
    if (frameTooLarge) {
      return new Input(kind, op, frames, new Close(Set.of(CloseCode.TOO_BIG)));
    }
    if (opcode == RawWebSocket.BINARY) {
      return new Input(kind, op, frames, new Reply(null));
    }
    byte[] bytes = concat(fragments);
    CharBuffer text = decodeUtf8(bytes);
    if (text == null) {
      Set<Integer> codes = bytes.length > maxFrameBytes ? Set.of(NOT_UTF8, CloseCode.TOO_BIG) : Set.of(NOT_UTF8);
      return new Input(kind, op, frames, new Close(codes));
    }
    if (text.length() > maxFrameBytes) {
      return new Input(kind, op, frames, new Close(Set.of(CloseCode.TOO_BIG)));
    }
    return new Input(kind, op, frames, new Reply(trackedRef));
  }

  /** Frames that break RFC 6455 itself. */
  static Input protocolViolation(String kind, List<WireFrame> frames) {
    return new Input(kind, null, frames, new Close(Set.of(PROTOCOL_ERROR)));
  }

  boolean closes() {
    return expected instanceof Close;
  }

  String trackedRef() {
    return expected instanceof Reply reply ? reply.ref() : null;
  }

  int size() {
    return frames.stream().mapToInt(f -> f.payload().length).sum();
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static CharBuffer decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Short enough to read in a failure report: the kind, the frames, and the start of the bytes. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(kind).append(' ').append(expected).append(' ');
    for (WireFrame frame : frames) {
      s.append("[op").append(frame.opcode()).append(frame.fin() ? "" : " more").append(' ')
          .append(frame.payload().length).append("B ").append(preview(frame.payload())).append(']');
    }
    return s.toString();
  }

  private static String preview(byte[] payload) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(payload.length, 160); i++) {
      int b = payload[i] & 0xff;
      s.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return payload.length > 160 ? s + "…" : s.toString();
  }
}
