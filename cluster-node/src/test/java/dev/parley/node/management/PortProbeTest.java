package dev.parley.node.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PortProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Test
  void aPortNobodyHoldsRefuses() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    assertEquals(PortProbe.Answer.REFUSED, PortProbe.ask(null, "127.0.0.1", port, TIMEOUT));
  }

  @Test
  void aListenerThatNeverAcceptsStillAnswers() throws Exception {
    // A frozen process: its kernel completes the handshake although nothing calls accept().
    try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertEquals(PortProbe.Answer.ACCEPTED, PortProbe.ask(null, "127.0.0.1", frozen.getLocalPort(), TIMEOUT));
    }
  }

  @Test
  void theProbeLeavesFromTheAddressItIsGiven() throws Exception {
    // A partition cuts a node's own address: a probe from another would pass where its links do not.
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertEquals(PortProbe.Answer.ACCEPTED, PortProbe.ask("127.0.0.2", "127.0.0.1", listener.getLocalPort(), TIMEOUT));
      try (Socket probe = listener.accept()) {
        assertEquals("127.0.0.2", probe.getInetAddress().getHostAddress());
      }
    }
  }

  @Test
  void aLocalAddressThisMachineLacksProvesNothing() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // TEST-NET-1 (RFC 5737): never an address of this machine, so the bind fails.
      assertEquals(PortProbe.Answer.SILENT, PortProbe.ask("192.0.2.1", "127.0.0.1", listener.getLocalPort(), TIMEOUT));
    }
  }
}
