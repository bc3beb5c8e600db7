package dev.parley.node.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * Reads a client's WebSocket frames (RFC 6455, as Pekko's frame parser hands them over: a frame's
 * header with the first part of its payload, then the rest in parts) into whole messages, control
 * frames and protocol violations. It unmasks, joins fragments, checks the UTF-8 of text and the
 * size limit, and keeps control frames apart from a fragmented message around them.
 *
 * <p>No frame may be longer than the limit (its bytes are never read), and no text message may have
 * more characters; a message's bytes are collected up to three per character, the most UTF-8 takes
 * for one. A binary message is not part of the contract and is skipped.
 */
final class InboundAssembler {

  /** What one frame event completed, if anything. */
  sealed interface Result {}

  /** Nothing yet: read on. */
  enum More implements Result {
    INSTANCE
  }

  record Message(Inbound inbound) implements Result {}

  record Ping(ByteString payload) implements Result {}

  enum Pong implements Result {
    INSTANCE
  }

  /** The client's close frame: answer with {@code code} (its own, or 1002 for a malformed one) and stop. */
  record Close(int code, String reason) implements Result {}

  /** The client broke the protocol: close with {@code code}; nothing more is read but a close frame. */
  record Violation(int code, String reason) implements Result {}

  static final int NORMAL = 1000;
  static final int PROTOCOL_ERROR = 1002;
  static final int NOT_UTF8 = 1007;
  static final int TOO_BIG = 1009;

  private static final byte CONTINUATION = 0x0;
  private static final byte TEXT = 0x1;
  private static final byte BINARY = 0x2;
  private static final byte CLOSE = 0x8;
  private static final byte PING = 0x9;
  private static final byte PONG = 0xA;
  private static final int MAX_CONTROL_PAYLOAD = 125;
  /** UTF-8 needs at most three bytes for one UTF-16 character. */
  private static final int MAX_BYTES_PER_CHAR = 3;

  /** The contract's frame limit: bytes of one frame, characters of one text message. */
  private final int limit;
  private final long maxTextBytes;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

  // The frame being read
  private byte frameOpcode = -1;
  private boolean frameFin;
  private int mask;
  /** Payload bytes of the current frame unmasked so far: where in the mask the next byte is. */
  private long frameOffset;
  private ByteStringBuilder control;

  // The message being read (its frames' opcode is CONTINUATION after the first)
  private byte messageOpcode = -1;
  private ByteStringBuilder message;
  private long messageBytes;
  /** The message grew past the limit: the rest of it is skipped, then it counts as too large. */
  private boolean messageTooLarge;

  /** Set once the client broke the protocol: only its close frame is still read. */
  private boolean broken;

  InboundAssembler(int limit) {
    this.limit = limit;
    this.maxTextBytes = (long) limit * MAX_BYTES_PER_CHAR;
  }

  Result onFrameStart(FrameHead header, ByteString data) {
    byte opcode = header.opcode();
    boolean isControl = (opcode & 0x8) != 0;
    if (broken && opcode != CLOSE) {
      frameOpcode = -1;
      return More.INSTANCE;
    }
    if (header.mask() == null) {
      return violation(PROTOCOL_ERROR, "frames from a client must be masked");
    }
    if (header.reserved()) {
      return violation(PROTOCOL_ERROR, "no extension was agreed");
    }
    if (isControl) {
      if (opcode != CLOSE && opcode != PING && opcode != PONG) {
        return violation(PROTOCOL_ERROR, "unknown opcode");
      }
      if (!header.fin() || header.length() > MAX_CONTROL_PAYLOAD) {
        return violation(PROTOCOL_ERROR, "a control frame is one frame of at most 125 bytes");
      }
    } else {
      if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY) {
        return violation(PROTOCOL_ERROR, "unknown opcode");
      }
      if ((opcode == CONTINUATION) != (messageOpcode >= 0)) {
        return violation(PROTOCOL_ERROR, opcode == CONTINUATION ? "a continuation of no message" : "a new message inside a fragmented one");
      }
      if (header.length() > limit) {
        return violation(TOO_BIG, "frame too large");
      }
      if (opcode != CONTINUATION) {
        messageOpcode = opcode;
        messageBytes = 0;
        messageTooLarge = false;
        message = opcode == TEXT ? new ByteStringBuilder() : null;
      }
    }
    frameOpcode = opcode;
    mask = header.mask();
    frameOffset = 0;
    control = isControl ? new ByteStringBuilder() : null;
    return read(data, data.size() == header.length(), header.fin());
  }

  Result onFrameData(ByteString data, boolean lastPart) {
    if (frameOpcode < 0) {
      return More.INSTANCE;
    }
    return read(data, lastPart, frameFin);
  }

  private Result read(ByteString data, boolean lastPart, boolean fin) {
    frameFin = fin;
    ByteString payload = unmask(data);
    if (control != null) {
      control.append(payload);
      return lastPart ? controlFrame(control.result()) : More.INSTANCE;
    }
    messageBytes += payload.size();
    if (message != null && !messageTooLarge) {
      if (messageBytes > maxTextBytes) {
        messageTooLarge = true;
        message = null;
      } else {
        message.append(payload);
      }
    }
    if (!lastPart || !fin) {
      return More.INSTANCE;
    }
    return endOfMessage();
  }

  private Result endOfMessage() {
    byte opcode = messageOpcode;
    ByteStringBuilder text = message;
    boolean tooLarge = messageTooLarge;
    messageOpcode = -1;
    message = null;
    frameOpcode = -1;
    if (opcode == BINARY) {
      return new Message(new Inbound.Binary());
    }
    if (tooLarge) {
      return new Message(new Inbound.TooLarge());
    }
    String decoded;
    try {
      decoded = decode(text.result());
    } catch (CharacterCodingException e) {
      return violation(NOT_UTF8, "text that is not UTF-8");
    }
    return new Message(decoded.length() > limit ? new Inbound.TooLarge() : new Inbound.Text(decoded));
  }

  private Result controlFrame(ByteString payload) {
    byte opcode = frameOpcode;
    frameOpcode = -1;
    control = null;
    return switch (opcode) {
      case PING -> new Ping(payload);
      case PONG -> Pong.INSTANCE;
      default -> close(payload);
    };
  }

  /** The code and reason of a close frame (RFC 6455 5.5.1, 7.4); a malformed one is answered with 1002. */
  private Result close(ByteString payload) {
    if (payload.isEmpty()) {
      return new Close(NORMAL, "");
    }
    if (payload.size() == 1) {
      return new Close(PROTOCOL_ERROR, "a close code has two bytes");
    }
    int code = ((payload.apply(0) & 0xFF) << 8) | (payload.apply(1) & 0xFF);
    if (!validCloseCode(code)) {
      return new Close(PROTOCOL_ERROR, "invalid close code");
    }
    try {
      return new Close(code, decode(payload.drop(2)));
    } catch (CharacterCodingException e) {
      return new Close(PROTOCOL_ERROR, "a close reason that is not UTF-8");
    }
  }

  private static boolean validCloseCode(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
  }

  private Result violation(int code, String reason) {
    broken = true;
    frameOpcode = -1;
    messageOpcode = -1;
    message = null;
    control = null;
    return new Violation(code, reason);
  }

  private ByteString unmask(ByteString data) {
    byte[] bytes = data.toArray();
    for (int i = 0; i < bytes.length; i++) {
      int shift = 24 - 8 * (int) ((frameOffset + i) & 3);
      bytes[i] ^= (byte) (mask >>> shift);
    }
    frameOffset += bytes.length;
    return ByteString.fromArrayUnsafe(bytes);
  }

  private String decode(ByteString bytes) throws CharacterCodingException {
    utf8.reset();
    return utf8.decode(ByteBuffer.wrap(bytes.toArrayUnsafe())).toString();
  }
}
