package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class InboundAssemblerTest {
  private static final int LIMIT = 16;
  private static final int MASK = 0x1a2b3c4d;

  private final InboundAssembler assembler = new InboundAssembler(LIMIT);

  private static FrameHead header(int opcode, long length, boolean fin) {
    return new FrameHead((byte) opcode, fin, MASK, false, length);
  }

  /** Masks {@code payload} as a client does, from the start of its frame. */
  private static ByteString masked(byte[] payload) {
    byte[] out = Arrays.copyOf(payload, payload.length);
    for (int i = 0; i < out.length; i++) {
      out[i] ^= (byte) (MASK >>> (24 - 8 * (i % 4)));
    }
    return ByteString.fromArray(out);
  }

  private InboundAssembler.Result whole(int opcode, boolean fin, byte[] payload) {
    return assembler.onFrameStart(header(opcode, payload.length, fin), masked(payload));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(InboundAssembler.Result result) {
    return ((Inbound.Text) ((InboundAssembler.Message) result).inbound()).text();
  }

  @Test
  void aFrameSplitIntoPartsIsUnmaskedAcrossTheParts() {
    byte[] payload = utf8("{\"op\":\"p\"}");
    ByteString all = masked(payload);
    assertEquals(InboundAssembler.More.INSTANCE, assembler.onFrameStart(header(0x1, payload.length, true), all.take(3)));
    assertEquals(InboundAssembler.More.INSTANCE, assembler.onFrameData(all.slice(3, 6), false));
    assertEquals("{\"op\":\"p\"}", text(assembler.onFrameData(all.drop(6), true)));
  }

  @Test
  void fragmentsJoinIntoOneMessageWithAPingBetweenThemAnswered() {
    assertEquals(InboundAssembler.More.INSTANCE, whole(0x1, false, utf8("hé")));
    InboundAssembler.Result ping = whole(0x9, true, utf8("hi"));
    assertEquals("hi", ((InboundAssembler.Ping) ping).payload().utf8String());
    // A character split between two fragments.
    byte[] euro = utf8("€");
    assertEquals(InboundAssembler.More.INSTANCE, whole(0x0, false, Arrays.copyOfRange(euro, 0, 1)));
    assertEquals("hé€!", text(whole(0x0, true, concat(Arrays.copyOfRange(euro, 1, 3), utf8("!")))));
    assertEquals("next", text(whole(0x1, true, utf8("next"))));
  }

  @Test
  void aFrameOverTheLimitIsRefusedBeforeItsBytesAreRead() {
    assertEquals(new InboundAssembler.Violation(1009, "frame too large"), whole(0x1, true, new byte[LIMIT + 1]));
  }

  @Test
  void aMessageOfManyFramesIsTooLargeByItsCharactersNotItsBytes() {
    // 16 two-byte characters: 32 bytes in two frames of 16, within the limit of 16 characters.
    byte[] sixteenChars = utf8("é".repeat(16));
    assertEquals(InboundAssembler.More.INSTANCE, whole(0x1, false, Arrays.copyOfRange(sixteenChars, 0, 16)));
    assertEquals("é".repeat(16), text(whole(0x0, true, Arrays.copyOfRange(sixteenChars, 16, 32))));

    assertEquals(InboundAssembler.More.INSTANCE, whole(0x1, false, utf8("x".repeat(10))));
    InboundAssembler.Result tooLong = whole(0x0, true, utf8("x".repeat(7)));
    assertInstanceOf(Inbound.TooLarge.class, ((InboundAssembler.Message) tooLong).inbound());
  }

  @Test
  void textThatIsNotUtf8ClosesWith1007() {
    assertEquals(1007, ((InboundAssembler.Violation) whole(0x1, true, new byte[] {(byte) 0xc3, 0x28})).code());
  }

  @Test
  void protocolViolationsCloseWith1002AndOnlyACloseFrameIsReadAfter() {
    assertEquals(1002, ((InboundAssembler.Violation) whole(0x0, true, utf8("{}"))).code());
    assertEquals(InboundAssembler.More.INSTANCE, whole(0x1, true, utf8("{}")));
    assertEquals(new InboundAssembler.Close(1000, "bye"), whole(0x8, true, concat(new byte[] {0x03, (byte) 0xe8}, utf8("bye"))));
  }

  @Test
  void eachKindOfBrokenFrameIsAViolation() {
    int[][] cases = {{0x3, 1}, {0xb, 1}, {0x9, 0}};
    for (int[] c : cases) {
      InboundAssembler fresh = new InboundAssembler(LIMIT);
      InboundAssembler.Result result = fresh.onFrameStart(header(c[0], 1, c[1] == 1), masked(new byte[] {1}));
      assertEquals(1002, ((InboundAssembler.Violation) result).code(), "opcode " + c[0]);
    }
    InboundAssembler unmasked = new InboundAssembler(LIMIT);
    FrameHead plain = new FrameHead((byte) 1, true, null, false, 2);
    assertEquals(1002, ((InboundAssembler.Violation) unmasked.onFrameStart(plain, ByteString.fromArray(utf8("{}")))).code());
    InboundAssembler nested = new InboundAssembler(LIMIT);
    nested.onFrameStart(header(0x1, 1, false), masked(utf8("{")));
    assertEquals(1002, ((InboundAssembler.Violation) nested.onFrameStart(header(0x1, 2, true), masked(utf8("{}")))).code());
  }

  @Test
  void aMalformedCloseFrameIsAnsweredWith1002() {
    assertEquals(1002, ((InboundAssembler.Close) whole(0x8, true, new byte[] {'x'})).code());
    assertEquals(1002, ((InboundAssembler.Close) new InboundAssembler(LIMIT).onFrameStart(header(0x8, 2, true), masked(new byte[] {0x03, (byte) 0xed}))).code());
    assertEquals(new InboundAssembler.Close(1000, ""), new InboundAssembler(LIMIT).onFrameStart(header(0x8, 0, true), ByteString.emptyByteString()));
  }

  @Test
  void aBinaryMessageIsSkippedAndReported() {
    assertEquals(InboundAssembler.More.INSTANCE, whole(0x2, false, new byte[LIMIT]));
    assertInstanceOf(Inbound.Binary.class, ((InboundAssembler.Message) whole(0x0, true, new byte[LIMIT])).inbound());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
