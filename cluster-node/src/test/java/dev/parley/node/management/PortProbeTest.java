package dev.parley.node.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
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
    assertEquals(PortProbe.Answer.REFUSED, PortProbe.ask("127.0.0.1", port, TIMEOUT));
  }

  @Test
  void aListenerThatNeverAcceptsStillAnswers() throws Exception {
    // A frozen process: its kernel completes the handshake although nothing calls accept().
    try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertEquals(PortProbe.Answer.ACCEPTED, PortProbe.ask("127.0.0.1", frozen.getLocalPort(), TIMEOUT));
    }
  }
}
