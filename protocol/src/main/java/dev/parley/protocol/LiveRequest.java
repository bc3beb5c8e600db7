package dev.parley.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Live signals that are not stored: typing, presence and call signaling. */
public sealed interface LiveRequest extends Request {

  record Typing(String channelId) implements LiveRequest {
    public String op() {
      return "typing";
    }

    public Typing validate(Limits limits) {
      return new Typing(limits.id("channelId", channelId));
    }
  }

  record PresenceSet(String status) implements LiveRequest {
    public static final Set<String> STATUSES = Set.of("online", "away", "dnd");

    public String op() {
      return "presence.set";
    }

    public PresenceSet validate(Limits limits) {
      Limits.required("status", status);
      if (!STATUSES.contains(status)) {
        throw ProtocolException.badRequest("field 'status' must be 'online', 'away' or 'dnd'");
      }
      return this;
    }
  }

  /** {@code payload} is opaque to the server: any JSON value, relayed as it came. */
  record CallSignal(String toUserId, String callId, String kind, JsonNode payload) implements LiveRequest {
    public static final Set<String> KINDS = Set.of("offer", "answer", "ice", "hangup");

    public String op() {
      return "call.signal";
    }

    public CallSignal validate(Limits limits) {
      Limits.required("kind", kind);
      if (!KINDS.contains(kind)) {
        throw ProtocolException.badRequest("field 'kind' must be 'offer', 'answer', 'ice' or 'hangup'");
      }
      if (payload != null && payload.toString().getBytes(StandardCharsets.UTF_8).length > limits.maxSignalPayloadBytes()) {
        throw new ProtocolException(
            ErrorCode.TOO_LARGE, "field 'payload' must be at most " + limits.maxSignalPayloadBytes() + " bytes");
      }
      return new CallSignal(limits.id("toUserId", toUserId), limits.id("callId", callId), kind, payload);
    }
  }
}
