package dev.parley.node.transport;

import java.nio.ByteBuffer;
import org.apache.pekko.http.impl.engine.ws.FrameStart;

/**
 * A frame for one socket or, rendered once by the hub, for every socket of a channel on this node:
 * Pekko's model of it, which the socket's stream writes on Pekko's binding, and its bytes on the
 * wire, which the node's own sockets write straight. The bytes are rendered once, when a socket
 * first wants them; each write then reads a view of its own.
 */
final class OutFrame {
  private final FrameStart start;
  /** Rendered on first use; two threads rendering it at once render the same bytes. */
  private volatile ByteBuffer wire;

  OutFrame(FrameStart start) {
    this.start = start;
  }

  FrameStart start() {
    return start;
  }

  /** The whole frame's bytes, positioned for one write of them. */
  ByteBuffer wire() {
    ByteBuffer bytes = wire;
    if (bytes == null) {
      bytes = PekkoFrames.wire(start);
      wire = bytes;
    }
    return bytes.duplicate();
  }
}
