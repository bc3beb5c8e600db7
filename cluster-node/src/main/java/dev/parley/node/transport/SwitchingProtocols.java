package dev.parley.node.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * The server's half of the opening handshake (RFC 6455, 4.2.2) for a socket the node takes over:
 * the request was checked already by Pekko HTTP's parser, which marks only a valid WebSocket
 * upgrade (version 13 and a 16-byte key); no subprotocol or extension is agreed.
 */
final class SwitchingProtocols {
  private static final String KEY_HEADER = "Sec-WebSocket-Key";
  /** RFC 6455's fixed GUID, appended to the client's key before hashing. */
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private SwitchingProtocols() {}

  static HttpResponse response(HttpRequest upgrade) {
    String key = upgrade.getHeader(KEY_HEADER).orElseThrow(() -> new IllegalArgumentException("not a WebSocket upgrade")).value();
    return HttpResponse.create()
        .withStatus(StatusCodes.SWITCHING_PROTOCOLS)
        .addHeader(RawHeader.create("Upgrade", "websocket"))
        .addHeader(Connection.create("Upgrade"))
        .addHeader(RawHeader.create("Sec-WebSocket-Accept", accept(key)));
  }

  /** Base64 of the SHA-1 of the key and the GUID. */
  static String accept(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
