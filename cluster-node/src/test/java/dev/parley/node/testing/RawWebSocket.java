package dev.parley.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client written against RFC 6455 on a plain socket, for what a polite client library
 * will not do: choose its TCP receive buffer, stop reading, send any frame it likes.
 */
public final class RawWebSocket implements AutoCloseable {
  /** One frame from the server. */
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final SecureRandom random = new SecureRandom();

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static RawWebSocket connect(int port, int receiveBufferBytes) {
    try {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(receiveBufferBytes);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
      socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
      RawWebSocket ws = new RawWebSocket(socket);
      ws.handshake(port);
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void handshake(int port) throws IOException {
    byte[] key = new byte[16];
    random.nextBytes(key);
    String request =
        "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = readLine(in);
    if (!status.contains(" 101 ")) {
      throw new IOException("upgrade refused: " + status);
    }
    while (!readLine(in).isEmpty()) {
      // skip the response headers
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  public void sendText(String text) {
    sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one final frame with the given opcode, masked as a client must. */
  public void sendFrame(int opcode, byte[] payload) {
    sendFrame(true, opcode, payload);
  }

  /**
   * Sends one frame; a message in several frames is a first frame with its opcode and {@code fin}
   * false, then {@link #CONTINUATION} frames, the last with {@code fin} true.
   */
  public void sendFrame(boolean fin, int opcode, byte[] payload) {
    try {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write((fin ? 0x80 : 0) | opcode);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else if (payload.length < 65536) {
        frame.write(0x80 | 126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xff);
      } else {
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
          frame.write((int) ((long) payload.length >>> shift) & 0xff);
        }
      }
      byte[] mask = new byte[4];
      random.nextBytes(mask);
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      out.write(frame.toByteArray());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame from the server (continuations are returned as they come). */
  public Frame readFrame() {
    try {
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame(first & 0x0f, payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads frames until the reply to the request with this {@code ref}; returns its text. */
  public String readReply(String ref) {
    String marker = "\"ref\":\"" + ref + "\"";
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == TEXT && frame.text().contains(marker)) {
        return frame.text();
      }
    }
  }

  /** Reads frames until the server's close frame; returns it. */
  public Frame readUntilClose() {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
