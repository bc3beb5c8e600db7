package dev.parley.node.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.http.javadsl.model.AttributeKey;

/**
 * One accepted connection, as its requests carry it: a handler that answers a request with {@code
 * 101 Switching Protocols} may take the socket over. Once that response is written, Pekko HTTP's
 * stream on the connection ends, the socket stays open, and its {@link Owner} reads and writes it
 * from then on ({@link TakenSocket}) with nothing of the stream left behind: a WebSocket held open
 * for hours costs what its owner keeps, not a materialized HTTP pipeline (docs/benchmarks.md,
 * "Session 22").
 */
public final class SocketTakeover {
  /** The request attribute that carries the connection a request came on. */
  public static final AttributeKey<SocketTakeover> ATTRIBUTE = AttributeKey.create("parley-socket-takeover", SocketTakeover.class);

  private static final byte[] SWITCHING_PROTOCOLS = "HTTP/1.1 101 ".getBytes(StandardCharsets.US_ASCII);

  /** Whoever takes the socket over. */
  public interface Owner {
    /** The socket is the owner's: the response that switched protocols was given to its writer first. */
    void take(TakenSocket socket);

    /** The connection ended before the response was written: there is no socket to take. */
    void notTaken();
  }

  private volatile Owner owner;

  SocketTakeover() {}

  /**
   * {@code owner} takes the socket once this connection's {@code 101} response is written; the
   * handler calls this before it returns that response.
   */
  public void afterSwitchingProtocols(Owner owner) {
    this.owner = owner;
  }

  /**
   * The owner waiting for {@code bytes}, if they are a {@code 101} response's: a pipelined response
   * rendered before it (HTTP/1.1 answers in order) is written by the stream as usual.
   */
  Owner ownerOf(ByteBuffer[] bytes) {
    Owner waiting = owner;
    if (waiting == null || bytes.length == 0 || !startsWith(bytes[0], SWITCHING_PROTOCOLS)) {
      return null;
    }
    owner = null;
    return waiting;
  }

  /** The stream ended without handing the socket over: an owner still waiting learns it never will. */
  void streamEnded() {
    Owner waiting = owner;
    owner = null;
    if (waiting != null) {
      waiting.notTaken();
    }
  }

  private static boolean startsWith(ByteBuffer buffer, byte[] prefix) {
    if (buffer.remaining() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer.get(buffer.position() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
