package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.Version;
import org.apache.pekko.http.impl.engine.ws.FrameData;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The adapter to Pekko HTTP's internal WebSocket API, against the Pekko HTTP on the classpath. */
class PekkoFramesTest {

  /**
   * A new Pekko HTTP may change its internal API without notice. When this fails: check
   * {@link PekkoFrames} against the new version's {@code org.apache.pekko.http.impl.engine.ws},
   * run {@code ChatOverWebSocketTest}, {@code WebSocketProtocolTest}, {@code InboundAssemblerTest}
   * and {@code FrameFuzzTest}, then set {@link PekkoFrames#WRITTEN_FOR}.
   */
  @Test
  void theAdapterWasWrittenForThePekkoHttpOnTheClasspath() {
    assertEquals(PekkoFrames.WRITTEN_FOR, Version.current());
  }

  @Test
  void aServerTextFrameIsOneWholeUnmaskedFrame() {
    ByteString json = ByteString.fromString("{\"op\":\"ok\"}");
    var frame = PekkoFrames.text(json);
    assertEquals(new FrameHead((byte) 0x1, true, null, false, json.size()), PekkoFrames.head(frame));
    assertEquals(json, PekkoFrames.data(frame));
    assertTrue(PekkoFrames.lastPart(frame));
  }

  @Test
  void controlFramesCarryTheirOpcodeAndPayload() {
    ByteString payload = ByteString.fromString("p");
    assertEquals(new FrameHead((byte) 0x9, true, null, false, 1), PekkoFrames.head(PekkoFrames.ping(payload)));
    assertEquals(new FrameHead((byte) 0xA, true, null, false, 1), PekkoFrames.head(PekkoFrames.pong(payload)));
  }

  @Test
  void aCloseFrameCarriesItsCodeThenItsReason() {
    var close = PekkoFrames.close(4001, "auth");
    assertEquals(0x8, PekkoFrames.head(close).opcode());
    ByteString data = PekkoFrames.data(close);
    assertEquals(4001, ((data.apply(0) & 0xff) << 8) | (data.apply(1) & 0xff));
    assertEquals("auth", data.drop(2).utf8String());
  }

  /** RFC 6455, 5.2: a 7-bit length below 126, else 126 and 16 bits, else 127 and 64 bits; no mask. */
  @Test
  void aFramesWireBytesAreItsHeaderWithTheLengthInTheSmallestFormThenItsPayload() {
    int[] lengths = {5, 125, 126, 300, 65_535, 65_536, 70_000};
    int[] headLengths = {2, 2, 4, 4, 4, 10, 10};
    for (int i = 0; i < lengths.length; i++) {
      ByteString payload = ByteString.fromArray("x".repeat(lengths[i]).getBytes(StandardCharsets.US_ASCII));
      ByteBuffer wire = PekkoFrames.wire(PekkoFrames.text(payload));
      assertEquals(headLengths[i] + lengths[i], wire.remaining(), "frame of " + lengths[i]);
      assertEquals((byte) 0x81, wire.get(0), "FIN and text");
      long announced =
          switch (headLengths[i]) {
            case 2 -> wire.get(1);
            case 4 -> {
              assertEquals(126, wire.get(1));
              yield wire.getShort(2) & 0xffff;
            }
            default -> {
              assertEquals(127, wire.get(1));
              yield wire.getLong(2);
            }
          };
      assertEquals(lengths[i], announced, "unmasked, with its payload's length");
      assertEquals(payload, ByteString.fromByteBuffer(wire.position(headLengths[i])));
    }
  }

  @Test
  void aContinuationHasNoHead() {
    var frame = PekkoFrames.text(ByteString.fromString("x"));
    assertNull(PekkoFrames.head(new FrameData(PekkoFrames.data(frame), true)));
  }
}
