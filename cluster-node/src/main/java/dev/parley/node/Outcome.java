package dev.parley.node;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The answer of an entity to a command: accepted with a value, or rejected for a reason the edge
 * maps to a wire error. Entities reply only after their events are persisted.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Outcome.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = Outcome.Rejected.class, name = "rejected")
})
public sealed interface Outcome<T> extends CborSerializable {

  record Accepted<T>(
      @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class") T value)
      implements Outcome<T> {}

  record Rejected<T>(Reason reason, String message) implements Outcome<T> {}

  /** Why an entity refused a command. */
  enum Reason {
    BAD_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    /** Over a limit of the caller's own (e.g. connections per user): not a bad request, and not for long. */
    TOO_MANY,
    /** The journal or another part is out of reach: retry later; nothing was written. */
    UNAVAILABLE
  }

  static <T> Outcome<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> Outcome<T> rejected(Reason reason, String message) {
    return new Rejected<>(reason, message);
  }

  static <T> Outcome<T> notFound(String message) {
    return new Rejected<>(Reason.NOT_FOUND, message);
  }

  static <T> Outcome<T> forbidden(String message) {
    return new Rejected<>(Reason.FORBIDDEN, message);
  }

  static <T> Outcome<T> conflict(String message) {
    return new Rejected<>(Reason.CONFLICT, message);
  }
}
