package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Server-to-client frames: a reply to a request ({@code ok}, {@code error}) or a pushed event. */
public sealed interface ServerFrame {

  @JsonProperty("op")
  String op();

  @JsonPropertyOrder({"op", "ref", "data"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Ok(String ref, Object data) implements ServerFrame {
    public String op() {
      return "ok";
    }
  }

  @JsonPropertyOrder({"op", "ref", "code", "message"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(String ref, String code, String message) implements ServerFrame {
    public Error(String ref, ErrorCode code, String message) {
      this(ref, code.wire(), message);
    }

    public String op() {
      return "error";
    }
  }

  @JsonPropertyOrder({"op", "type", "data"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Event(String type, Object data) implements ServerFrame {
    public static Event of(ChannelEventData data) {
      return new Event(data.type(), data);
    }

    public String op() {
      return "event";
    }
  }
}
