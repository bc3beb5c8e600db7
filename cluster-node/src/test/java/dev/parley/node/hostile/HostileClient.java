package dev.parley.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.testing.RawWebSocket;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.ErrorCode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One authenticated fuzzing connection on a raw socket. It sends a batch and checks each answer
 * against the contract: every answered input gets exactly one {@code ok} or {@code error} whose
 * code is the contract's (never {@code internal}) and whose ref is the one sent, every closing
 * input gets its close code, the socket is never dropped without a close frame, and a ping after
 * the batch is still answered.
 */
final class HostileClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CLIENT_ERROR_CODES =
      Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.INTERNAL).map(ErrorCode::wire).collect(Collectors.toSet());

  /** Longest wait for an answer: covers requests that chain several entity asks of 2 s each. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final RawWebSocket socket;
  private final Tally tally;
  /** When the current wait gives up: events keep arriving, so a read timeout alone would not end it. */
  private long deadline;

  private HostileClient(RawWebSocket socket, Tally tally) {
    this.socket = socket;
    this.tally = tally;
  }

  static HostileClient open(int port, String token, Tally tally) {
    HostileClient client = new HostileClient(RawWebSocket.connect(port, 1 << 20), tally);
    tally.connected();
    client.socket.sendText("{\"op\":\"auth\",\"ref\":\"auth\",\"token\":\"" + token + "\"}");
    client.startWaiting();
    JsonNode reply = client.nextReply(() -> "auth");
    assertEquals("ok", reply.path("op").asText(), () -> "a fresh connection could not authenticate: " + reply);
    return client;
  }

  void run(Batch batch) {
    if (batch instanceof Batch.Exchange exchange) {
      exchange(exchange);
    } else {
      flood((Batch.Flood) batch);
    }
  }

  private void exchange(Batch.Exchange exchange) {
    Map<String, Input> tracked = new HashMap<>();
    int anonymous = 0;
    for (Input input : exchange.answered()) {
      send(input);
      if (input.trackedRef() != null) {
        tracked.put(input.trackedRef(), input);
      } else {
        anonymous++;
      }
    }
    Set<String> answered = new HashSet<>();
    startWaiting();
    while (!tracked.isEmpty() || anonymous > 0) {
      int left = anonymous;
      JsonNode reply = nextReply(() -> "the replies to " + tracked.values() + " and " + left + " more of " + exchange.answered());
      String ref = reply.path("ref").isTextual() ? reply.path("ref").asText() : null;
      Input input = tracked.remove(ref);
      if (input != null) {
        answered.add(ref);
        checkData(input, reply);
      } else if (answered.contains(ref)) {
        fail("a second reply to one request: " + reply);
      } else if (anonymous-- == 0) {
        fail("a reply to nothing that was sent: " + reply);
      }
      count(reply);
    }
    ping();
    if (exchange.closer() != null) {
      sendExpectingClose(exchange.closer());
      awaitClose(exchange.closer(), ((Input.Close) exchange.closer().expected()).codes());
    }
  }

  /**
   * Requests sent without reading, far past the rate: the node answers each (some with
   * {@code rate_limited}) until it closes the socket with 4002.
   */
  private void flood(Batch.Flood flood) {
    Set<String> tracked = new HashSet<>();
    int sent = 0;
    try {
      for (Input input : flood.requests()) {
        write(input);
        tally.sent("flood");
        sent++;
        if (input.trackedRef() != null) {
          tracked.add(input.trackedRef());
        }
      }
    } catch (UncheckedIOException closedWhileSending) {
      // the node cut the flood off while it was being sent: what must happen sooner or later
    }
    Set<String> answered = new HashSet<>();
    int replies = 0;
    int refused = 0;
    startWaiting();
    while (true) {
      int flooded = sent;
      RawWebSocket.Frame frame = next(() -> "the answers to a flood of " + flooded);
      if (frame.opcode() == RawWebSocket.CLOSE) {
        assertEquals(CloseCode.RATE_LIMIT_ABUSED, frame.closeCode(), "a flood must be closed with 4002");
        tally.closed(frame.closeCode());
        break;
      }
      JsonNode reply = parse(frame);
      if (reply == null) {
        continue;
      }
      String ref = reply.path("ref").asText(null);
      if (tracked.contains(ref)) {
        assertTrue(answered.add(ref), () -> "a second reply to one request: " + reply);
      }
      if ("rate_limited".equals(reply.path("code").asText())) {
        refused++;
      }
      replies++;
      count(reply);
    }
    assertTrue(refused > 0, "a flood closed without any rate_limited first");
    assertTrue(replies < sent, () -> "more replies than requests before the close");
  }

  /** Nothing may be waiting: the connection answers a ping with ok. */
  private void ping() {
    String ref = "ping";
    socket.sendText("{\"op\":\"ping\",\"ref\":\"" + ref + "\"}");
    startWaiting();
    JsonNode reply = nextReply(() -> "the ping after the batch");
    assertEquals(ref, reply.path("ref").asText(null), () -> "a reply nobody was waiting for: " + reply);
    assertEquals("ok", reply.path("op").asText(), () -> "the ping after the batch: " + reply);
  }

  private void send(Input input) {
    try {
      write(input);
    } catch (UncheckedIOException e) {
      fail("the node dropped the connection while " + input + " was sent", e);
    }
    tally.sent(input.kind());
  }

  /** The node may close before all of an oversized frame is written; the close frame is what counts. */
  private void sendExpectingClose(Input input) {
    try {
      write(input);
    } catch (UncheckedIOException closedWhileSending) {
      // checked by awaitClose: the close frame must still have arrived
    }
    tally.sent(input.kind());
  }

  private void write(Input input) {
    for (Input.WireFrame frame : input.frames()) {
      socket.sendFrame(frame.fin(), frame.opcode(), frame.payload());
    }
  }

  private void awaitClose(Input input, Set<Integer> codes) {
    startWaiting();
    while (true) {
      RawWebSocket.Frame frame = next(() -> "the close after " + input);
      if (frame.opcode() == RawWebSocket.CLOSE) {
        assertTrue(codes.contains(frame.closeCode()), () -> "closed with " + frame.closeCode() + " instead of " + codes + " after " + input);
        tally.closed(frame.closeCode());
        return;
      }
      JsonNode reply = parse(frame);
      assertFalse(reply != null, () -> "a reply to an input that must close the socket: " + reply + " after " + input);
    }
  }

  /** The next ok or error; events are passed over, a close or a dropped socket fails. */
  private JsonNode nextReply(Supplier<String> awaited) {
    while (true) {
      RawWebSocket.Frame frame = next(awaited);
      if (frame.opcode() == RawWebSocket.CLOSE) {
        fail("closed with " + frame.closeCode() + " while awaiting " + awaited.get());
      }
      JsonNode reply = parse(frame);
      if (reply != null) {
        return reply;
      }
    }
  }

  private void startWaiting() {
    deadline = System.nanoTime() + TIMEOUT.toNanos();
  }

  private RawWebSocket.Frame next(Supplier<String> awaited) {
    if (System.nanoTime() > deadline) {
      fail("nothing within " + TIMEOUT + " while awaiting " + awaited.get());
    }
    try {
      return socket.readFrame();
    } catch (UncheckedIOException e) {
      return fail("the connection was dropped without a close frame (or went silent) while awaiting " + awaited.get(), e);
    }
  }

  /** An ok or error reply, checked against the contract; null for events and control frames. */
  private static JsonNode parse(RawWebSocket.Frame frame) {
    if (frame.opcode() != RawWebSocket.TEXT) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(frame.text());
    } catch (Exception e) {
      return fail("the node sent a frame that is not JSON: " + frame.text());
    }
    String op = node.path("op").asText();
    if ("event".equals(op)) {
      return null;
    }
    if ("error".equals(op)) {
      assertTrue(CLIENT_ERROR_CODES.contains(node.path("code").asText()), () -> "not a contract error code for client input: " + node);
      assertTrue(node.path("message").isTextual(), () -> "an error without a message: " + node);
    } else {
      assertEquals("ok", op, () -> "neither ok, error nor event: " + node);
    }
    return node;
  }

  /** What the contract promises about a reply beyond its code, where the request is known. */
  private static void checkData(Input input, JsonNode reply) {
    if ("history".equals(input.op()) && "ok".equals(reply.path("op").asText())) {
      JsonNode data = reply.path("data");
      assertFalse(
          data.path("events").isEmpty() && data.path("hasMore").asBoolean(),
          () -> "an empty history page that claims more in its direction: " + reply + " for " + input);
    }
  }

  private void count(JsonNode reply) {
    if ("ok".equals(reply.path("op").asText())) {
      tally.ok();
    } else {
      tally.error(reply.path("code").asText());
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
