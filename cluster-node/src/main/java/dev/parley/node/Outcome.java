package dev.parley.node;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The answer of an entity to a command: accepted with a value, or rejected for a reason the edge
 * maps to a wire error. Entities reply only after their events are persisted. Replies cross the
 * cluster but are never journaled.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Outcome.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = Outcome.Rejected.class, name = "rejected")
})
public sealed interface Outcome<T> extends CborSerializable {

  /**
   * The value's type travels as a name, never as a class name: a class chosen by the sender is how
   * a deserialization gadget would be reached. The names are registered with the node's Jackson by
   * {@code dev.parley.node.boot.ReplyTypes}, which knows every entity (this kernel knows none); a
   * reply type missing there fails {@code NamedTypesTest}.
   */
  record Accepted<T>(@JsonTypeInfo(use = JsonTypeInfo.Id.NAME) T value) implements Outcome<T> {}

  /**
   * {@code absent}: the entity was never created, so nothing by its id exists. Only the edge reads
   * it, to remember such ids ({@code AbsentIds}); the client sees the reason and message alone,
   * the same as for what it may not see. Older nodes send no such field, which reads as false.
   */
  record Rejected<T>(Reason reason, String message, boolean absent) implements Outcome<T> {
    public Rejected(Reason reason, String message) {
      this(reason, message, false);
    }
  }

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

  /** {@code not_found} from an entity that was never created. */
  static <T> Outcome<T> absent(String message) {
    return new Rejected<>(Reason.NOT_FOUND, message, true);
  }

  static <T> Outcome<T> forbidden(String message) {
    return new Rejected<>(Reason.FORBIDDEN, message);
  }

  static <T> Outcome<T> conflict(String message) {
    return new Rejected<>(Reason.CONFLICT, message);
  }
}
