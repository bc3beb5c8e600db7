package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A scripted stand-in for a Parley node on loopback: HTTP/1.1 requests go to {@link #http}, and
 * each WebSocket becomes a {@link Peer} that the test drives frame by frame. Just enough RFC 6455
 * for the JDK client (masked client frames, fragmentation, close, ping).
 */
final class FakeServer implements AutoCloseable {
  static final long WAIT_SECONDS = 10;

  record HttpCall(String method, String path, Map<String, String> headers, String body) {
    JsonNode json() {
      return Json.parseObject(body);
    }
  }

  record HttpReply(int status, String body, Map<String, String> headers) {
    static HttpReply json(int status, String body) {
      return new HttpReply(status, body, Map.of());
    }
  }

  volatile Function<HttpCall, HttpReply> http =
      call -> HttpReply.json(404, "{\"code\":\"not_found\",\"message\":\"no route\"}");
  final BlockingQueue<HttpCall> httpCalls = new LinkedBlockingQueue<>();

  private final ServerSocket socket;
  private final BlockingQueue<Peer> peers = new LinkedBlockingQueue<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  FakeServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fake-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** The next WebSocket the client opened; fails the test after {@link #WAIT_SECONDS}. */
  Peer nextPeer() throws InterruptedException {
    Peer peer = peers.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(peer, "the client opened no WebSocket");
    return peer;
  }

  HttpCall nextHttpCall() throws InterruptedException {
    HttpCall call = httpCalls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(call, "the client made no HTTP call");
    return call;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "fake-server-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String head = readHead(in);
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
            (headers.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Peer peer = new Peer(client, requestLine[1]);
        peers.add(peer);
        peer.readLoop();
        return;
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      HttpCall call = new HttpCall(requestLine[0], requestLine[1], headers, body);
      httpCalls.add(call);
      HttpReply reply = http.apply(call);
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      StringBuilder response = new StringBuilder("HTTP/1.1 " + reply.status() + " X\r\n");
      response.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length)
          .append("\r\nConnection: close\r\n");
      reply.headers().forEach((k, v) -> response.append(k).append(": ").append(v).append("\r\n"));
      response.append("\r\n");
      out.write(response.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      client.close();
    } catch (Exception e) {
      try {
        client.close();
      } catch (IOException ignored) {
        // gone
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException();
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }

  /** One WebSocket from the client. */
  static final class Peer {
    final String path;
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    private volatile boolean closeSent;

    Peer(Socket socket, String path) throws IOException {
      this.socket = socket;
      this.path = path;
      this.out = socket.getOutputStream();
    }

    /** The next text message from the client, parsed; fails the test if none comes. */
    JsonNode next() throws InterruptedException {
      String text = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(text, "the client sent no frame");
      return Json.parseObject(text);
    }

    /** The next request, which must have this op. */
    JsonNode expect(String op) throws InterruptedException {
      JsonNode frame = next();
      assertEquals(op, frame.path("op").asText(), "unexpected frame " + frame);
      return frame;
    }

    /** True if the client sent nothing that the test has not taken yet. */
    boolean nothingElseReceived() {
      return received.isEmpty();
    }

    /** The close code the client sent, or fails. */
    int awaitClose() throws InterruptedException {
      Integer code = closeCodes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(code, "the client did not close");
      return code;
    }

    void ok(JsonNode request, String dataJson) throws IOException {
      send("{\"op\":\"ok\",\"ref\":\"" + request.path("ref").asText() + "\",\"data\":" + dataJson + "}");
    }

    void error(JsonNode request, String code, String message) throws IOException {
      send("{\"op\":\"error\",\"ref\":\"" + request.path("ref").asText() + "\",\"code\":\"" + code
          + "\",\"message\":\"" + message + "\"}");
    }

    void event(String type, String dataJson) throws IOException {
      send("{\"op\":\"event\",\"type\":\"" + type + "\",\"data\":" + dataJson + "}");
    }

    void send(String text) throws IOException {
      writeFrame(true, 1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The message as {@code parts} frames (first text, then continuations), split by bytes. */
    void sendFragmented(String text, int parts) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      int size = (bytes.length + parts - 1) / parts;
      synchronized (this) {
        for (int i = 0, offset = 0; offset < bytes.length; i++, offset += size) {
          int end = Math.min(bytes.length, offset + size);
          byte[] part = java.util.Arrays.copyOfRange(bytes, offset, end);
          writeFrame(end == bytes.length, i == 0 ? 1 : 0, part);
        }
      }
    }

    void close(int code, String reason) throws IOException {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + r.length];
      payload[0] = (byte) (code >> 8);
      payload[1] = (byte) code;
      System.arraycopy(r, 0, payload, 2, r.length);
      closeSent = true;
      writeFrame(true, 8, payload);
    }

    /** Cuts the TCP connection without a close frame, like a crashed node. */
    void drop() throws IOException {
      socket.close();
    }

    private synchronized void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write((fin ? 0x80 : 0) | opcode);
      if (payload.length < 126) {
        frame.write(payload.length);
      } else if (payload.length < 65536) {
        frame.write(126);
        frame.write(payload.length >> 8);
        frame.write(payload.length);
      } else {
        frame.write(127);
        for (int i = 7; i >= 0; i--) {
          frame.write((int) ((long) payload.length >> (8 * i)));
        }
      }
      frame.write(payload);
      out.write(frame.toByteArray());
      out.flush();
    }

    void readLoop() {
      try {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
          int b0 = in.readUnsignedByte();
          int b1 = in.readUnsignedByte();
          boolean fin = (b0 & 0x80) != 0;
          int opcode = b0 & 0x0F;
          long length = b1 & 0x7F;
          if (length == 126) {
            length = in.readUnsignedShort();
          } else if (length == 127) {
            length = in.readLong();
          }
          byte[] mask = new byte[4];
          if ((b1 & 0x80) != 0) {
            in.readFully(mask);
          }
          byte[] payload = new byte[(int) length];
          in.readFully(payload);
          for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
          }
          switch (opcode) {
            case 0, 1 -> {
              message.write(payload);
              if (fin) {
                received.add(message.toString(StandardCharsets.UTF_8));
                message.reset();
              }
            }
            case 8 -> {
              closeCodes.add(payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
              try {
                if (!closeSent) writeFrame(true, 8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
              } catch (IOException ignored) {
                // already closing
              }
              socket.close();
              return;
            }
            case 9 -> writeFrame(true, 10, payload);
            default -> { }
          }
        }
      } catch (IOException e) {
        // the connection ended
      }
    }
  }
}
