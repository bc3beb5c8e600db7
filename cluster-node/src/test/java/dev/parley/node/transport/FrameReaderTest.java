package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Client frames read from the bytes a socket delivers, however they are cut: one read holding
 * several frames, a head split across reads, a payload across many, and lengths of 16 and 64 bits.
 */
class FrameReaderTest {
  private static final int LIMIT = 100_000;
  private static final int MASK = 0x37FA213D;

  @Test
  void severalFramesInOneReadAreEachRead() {
    byte[] bytes = concat(frame(0x1, true, "one"), frame(0x9, true, "p"), frame(0x1, true, "two"));
    assertEquals(List.of("text:one", "ping:p", "text:two"), readAll(List.of(bytes)));
  }

  @Test
  void aFrameCutAtEveryByteIsReadTheSame() {
    byte[] bytes = concat(frame(0x1, false, "frag"), frame(0x0, true, "mented"), frame(0x1, true, "x".repeat(70_000)));
    List<byte[]> pieces = new ArrayList<>();
    for (byte b : bytes) {
      pieces.add(new byte[] {b});
    }
    assertEquals(List.of("text:fragmented", "text:" + "x".repeat(70_000)), readAll(pieces));
  }

  @Test
  void aLengthOver64BitsTopBitIsTooLargeAndAnUnmaskedFrameIsRefused() {
    byte[] huge = {(byte) 0x81, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4};
    assertEquals(List.of("violation:1009"), readAll(List.of(huge)));
    byte[] unmasked = {(byte) 0x81, 2, 'h', 'i'};
    assertEquals(List.of("violation:1002"), readAll(List.of(unmasked)));
  }

  private static List<String> readAll(List<byte[]> reads) {
    FrameReader reader = new FrameReader();
    InboundAssembler assembler = new InboundAssembler(LIMIT);
    List<String> seen = new ArrayList<>();
    for (byte[] read : reads) {
      ByteBuffer buffer = ByteBuffer.wrap(read);
      for (InboundAssembler.Result r = reader.next(buffer, assembler); r != null; r = reader.next(buffer, assembler)) {
        if (r instanceof InboundAssembler.Message m && m.inbound() instanceof Inbound.Text text) {
          seen.add("text:" + text.text());
        } else if (r instanceof InboundAssembler.Ping ping) {
          seen.add("ping:" + ping.payload().utf8String());
        } else if (r instanceof InboundAssembler.Violation v) {
          seen.add("violation:" + v.code());
        } else {
          assertInstanceOf(InboundAssembler.More.class, r);
        }
      }
      assertNull(reader.next(buffer, assembler));
    }
    return seen;
  }

  /** A masked frame as a client sends it. */
  private static byte[] frame(int opcode, boolean fin, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else if (payload.length <= 0xFFFF) {
      out.write(0x80 | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length);
    } else {
      out.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >>> shift));
      }
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(MASK >>> shift);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ (MASK >>> (24 - 8 * (i & 3))));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
