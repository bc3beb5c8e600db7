package dev.parley.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP/1.1 request on its own connection from a chosen loopback address (127.0.0.2, ...), for
 * what the JDK's clients will not do: choose the source address (a node counts failures by TCP
 * peer), or show the body of a refused WebSocket upgrade.
 */
public final class RawHttp {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Header names lower-cased. */
  public record Answer(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  public static Answer post(String from, int port, String path, Map<String, String> headers, String body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Connection", "close");
    return send(from, port, "POST", path, all, body);
  }

  public static Answer get(String from, int port, String path) {
    return send(from, port, "GET", path, Map.of("Connection", "close"), "");
  }

  /** A WebSocket upgrade of {@code /v1/ws} from 127.0.0.1; the connection is closed once answered, opened or not. */
  public static Answer upgrade(int port, Map<String, String> headers) {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Upgrade", "websocket");
    all.put("Connection", "Upgrade");
    all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
    all.put("Sec-WebSocket-Version", "13");
    return send("127.0.0.1", port, "GET", "/v1/ws", all, "");
  }

  private static Answer send(String from, int port, String method, String path, Map<String, String> headers, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(port).append("\r\n");
    if (content.length > 0) {
      request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
    }
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status line, the headers and as much body as {@code Content-Length} says: one answer of a kept-alive connection. */
  public static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the response head: " + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(b);
    }
    String[] lines = head.toString(StandardCharsets.US_ASCII).strip().split("\r\n");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
  }
}
