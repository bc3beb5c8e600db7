package dev.parley.node.hostile;

import dev.parley.node.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP/1.1 request on its own connection from a chosen loopback address (127.0.0.2, ...): the
 * JDK's client cannot choose its source address, and a node counts failures by TCP peer.
 */
final class RawHttp {
  /** Header names lower-cased. */
  record Answer(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  static Answer post(String from, int port, String path, Map<String, String> headers, String body) {
    return send(from, port, "POST", path, headers, body);
  }

  static Answer get(String from, int port, String path) {
    return send(from, port, "GET", path, Map.of(), "");
  }

  private static Answer send(String from, int port, String method, String path, Map<String, String> headers, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
    request.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
    request.append("Content-Length: ").append(content.length).append("\r\n");
    if (content.length > 0) {
      request.append("Content-Type: application/json\r\n");
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
      return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer parse(String response) {
    int end = response.indexOf("\r\n\r\n");
    String[] head = response.substring(0, end).split("\r\n");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < head.length; i++) {
      int colon = head[i].indexOf(':');
      headers.put(head[i].substring(0, colon).strip().toLowerCase(), head[i].substring(colon + 1).strip());
    }
    return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, response.substring(end + 4));
  }
}
