package dev.parley.node.transport;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.http.impl.engine.ws.FrameStart;

/**
 * The close code a connection wants its socket closed with, shared between the connection actor
 * (which decides) and {@link WebSocketProtocol} (which writes it into the close frame).
 */
final class CloseRequest {
  record Code(int code, String reason) {}

  private final AtomicReference<Code> code = new AtomicReference<>();

  /** Records the code; the first request wins. */
  void request(int closeCode, String reason) {
    code.compareAndSet(null, new Code(closeCode, reason));
  }

  Code get() {
    return code.get();
  }

  /** The close frame to send: with the code requested, or {@code code} and {@code reason} if none was. */
  FrameStart frameOr(int otherCode, String otherReason) {
    Code own = code.get();
    return own != null ? PekkoFrames.close(own.code(), own.reason()) : PekkoFrames.close(otherCode, otherReason);
  }
}
