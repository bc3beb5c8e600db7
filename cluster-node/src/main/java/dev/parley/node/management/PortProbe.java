package dev.parley.node.management;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Whether anything listens on a member's cluster port, asked with one TCP connect. */
final class PortProbe {
  enum Answer {
    /** Refused: no process holds the port (a reset or an ICMP unreachable from the host). */
    REFUSED,
    /** The connection was made: something listens there, if only a frozen process's kernel. */
    ACCEPTED,
    /** No answer in time, or another error (packets dropped, no route, no such local address): proves nothing. */
    SILENT
  }

  private PortProbe() {}

  /**
   * {@code from}: the local address to connect from, the one the node's own cluster connections
   * leave from, so that the probe takes their path through any firewall; null for the kernel's choice.
   */
  static Answer ask(String from, String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      if (from != null) {
        socket.bind(new InetSocketAddress(from, 0));
      }
      socket.connect(new InetSocketAddress(host, port), Math.toIntExact(timeout.toMillis()));
      return Answer.ACCEPTED;
    } catch (ConnectException e) {
      return Answer.REFUSED;
    } catch (IOException e) {
      return Answer.SILENT;
    }
  }
}
