package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.RawWebSocket;
import dev.parley.node.testing.TestNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 as the node speaks it on its own, below the contract: pings answered, an idle socket
 * kept alive, a fragmented message with a control frame inside it, and the client's close
 * answered and the connection ended.
 */
class WebSocketProtocolTest {
  private static final int PING = 0x9;
  private static final int PONG = 0xA;
  private static TestNode node;
  private static int port;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("pekko.http.server.websocket.periodic-keep-alive-max-idle", "300ms"));
    port = URI.create(node.httpUrl()).getPort();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aPingIsAnsweredWithAPongOfTheSamePayload() {
    try (RawWebSocket socket = RawWebSocket.connect(port, 65536)) {
      socket.sendFrame(PING, utf8("are you there"));
      RawWebSocket.Frame frame = socket.readFrame();
      while (frame.opcode() == PING) {
        frame = socket.readFrame();
      }
      assertEquals(PONG, frame.opcode());
      assertArrayEquals(utf8("are you there"), frame.payload());
    }
  }

  @Test
  void anIdleSocketIsPingedToKeepItAlive() {
    try (RawWebSocket socket = RawWebSocket.connect(port, 65536)) {
      assertEquals(PING, socket.readFrame().opcode());
      assertEquals(PING, socket.readFrame().opcode());
    }
  }

  @Test
  void aMessageInFragmentsWithAPingBetweenThemIsOneRequest() {
    try (RawWebSocket socket = RawWebSocket.connect(port, 65536)) {
      socket.sendFrame(false, RawWebSocket.TEXT, utf8("{\"op\":\"pi"));
      socket.sendFrame(PING, utf8("p"));
      socket.sendFrame(false, RawWebSocket.CONTINUATION, utf8("ng\",\"ref\":"));
      socket.sendFrame(true, RawWebSocket.CONTINUATION, utf8("\"frag-1\"}"));
      // Answered as the one request it is (a ping before auth is refused as such).
      String reply = socket.readReply("frag-1");
      assertTrue(reply.contains("\"code\":\"unauthorized\""), reply);
    }
  }

  @Test
  void theClientsCloseIsAnsweredWithItsCodeAndTheConnectionEnds() {
    try (RawWebSocket socket = RawWebSocket.connect(port, 65536)) {
      socket.sendFrame(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xe9});
      assertEquals(1001, socket.readUntilClose().closeCode());
      assertThrows(UncheckedIOException.class, socket::readFrame, "the node ends the connection after its close frame");
    }
  }
}
