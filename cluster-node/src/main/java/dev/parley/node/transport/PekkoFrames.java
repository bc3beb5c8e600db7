package dev.parley.node.transport;

import java.nio.ByteBuffer;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEvent$;
import org.apache.pekko.http.impl.engine.ws.FrameHeader;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.Protocol;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.util.ByteString;
import scala.Option;

/**
 * The one adapter to Pekko HTTP's internal WebSocket API: the upgrade that hands a socket's parsed
 * frames to the node's own protocol stage ({@code UpgradeToWebSocketLowLevel.handleFrames}), and
 * the frame model that stage reads and writes. Pekko HTTP's public API cannot choose a close code
 * (docs/design.md, "Close codes"), hence the internal one. Other classes hold {@link FrameEvent}s
 * and {@link FrameStart}s only as opaque values; every call into the internals is here
 * ({@code ArchitectureTest}), and {@code PekkoFramesTest} fails on any Pekko HTTP version but the
 * one this was written against, which is the moment to re-run the WebSocket tests it names.
 */
final class PekkoFrames {
  /** The Pekko HTTP version whose internal WebSocket API this adapter uses. */
  static final String WRITTEN_FOR = "1.3.0";

  private static final byte TEXT = 0x1;
  private static final byte PING = 0x9;
  private static final byte PONG = 0xA;
  /** The 7-bit lengths that announce a 16-bit and a 64-bit length. */
  private static final int SHORT_LENGTH = 126;
  private static final int LONG_LENGTH = 127;

  private PekkoFrames() {}

  /** Hands the socket's frames, both ways, to {@code protocol}. */
  static HttpResponse handleFrames(WebSocketUpgrade upgrade, Graph<FlowShape<FrameEvent, FrameEvent>, ?> protocol) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Graph<FlowShape<FrameEvent, FrameEvent>, Object> handler = (Graph) protocol;
    return ((UpgradeToWebSocketLowLevel) upgrade).handleFrames(handler, Option.empty());
  }

  /** One whole, unmasked text frame, as a server sends. */
  static FrameStart text(ByteString utf8) {
    return whole(TEXT, utf8);
  }

  static FrameStart ping(ByteString payload) {
    return whole(PING, payload);
  }

  static FrameStart pong(ByteString payload) {
    return whole(PONG, payload);
  }

  static FrameStart close(int code, String reason) {
    return FrameEvent$.MODULE$.closeFrame(code, reason, Option.empty());
  }

  /**
   * A whole frame's bytes as they go on the wire (RFC 6455, section 5.2), for writing it without
   * Pekko's frame renderer: its header, then its payload, unmasked as a server sends.
   */
  static ByteBuffer wire(FrameStart frame) {
    FrameHeader header = frame.header();
    long length = header.length();
    int first = (header.fin() ? 0x80 : 0) | header.opcode().code();
    int headLength = length < SHORT_LENGTH ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuffer bytes = ByteBuffer.allocate(headLength + (int) length).put((byte) first);
    if (length < SHORT_LENGTH) {
      bytes.put((byte) length);
    } else if (length <= 0xFFFF) {
      bytes.put((byte) SHORT_LENGTH).putShort((short) length);
    } else {
      bytes.put((byte) LONG_LENGTH).putLong(length);
    }
    frame.data().copyToBuffer(bytes);
    return bytes.flip();
  }

  /** Null when {@code event} continues a frame whose head came before. */
  static FrameHead head(FrameEvent event) {
    if (!(event instanceof FrameStart start)) {
      return null;
    }
    FrameHeader header = start.header();
    return new FrameHead(
        header.opcode().code(),
        header.fin(),
        header.mask().isEmpty() ? null : (Integer) header.mask().get(),
        header.rsv1() || header.rsv2() || header.rsv3(),
        header.length());
  }

  static ByteString data(FrameEvent event) {
    return event.data();
  }

  static boolean lastPart(FrameEvent event) {
    return event.lastPart();
  }

  private static FrameStart whole(byte opcode, ByteString payload) {
    return FrameEvent$.MODULE$.fullFrame(Protocol.Opcode$.MODULE$.forCode(opcode), Option.empty(), payload, true, false, false, false);
  }
}
