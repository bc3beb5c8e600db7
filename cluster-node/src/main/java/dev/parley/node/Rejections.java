package dev.parley.node;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** The one error mapper: entity refusals and failures to the contract's error codes. */
public final class Rejections {
  private Rejections() {}

  /** The value of an accepted outcome; a refusal becomes a {@link ProtocolException}. */
  public static <T> T valueOf(Outcome<T> outcome) {
    if (outcome instanceof Outcome.Accepted<T> accepted) {
      return accepted.value();
    }
    Outcome.Rejected<T> rejected = (Outcome.Rejected<T>) outcome;
    throw new ProtocolException(codeOf(rejected.reason()), rejected.message());
  }

  static ErrorCode codeOf(Outcome.Reason reason) {
    switch (reason) {
      case BAD_REQUEST:
        return ErrorCode.BAD_REQUEST;
      case UNAUTHORIZED:
        return ErrorCode.UNAUTHORIZED;
      case FORBIDDEN:
        return ErrorCode.FORBIDDEN;
      case NOT_FOUND:
        return ErrorCode.NOT_FOUND;
      case CONFLICT:
        return ErrorCode.CONFLICT;
      case TOO_MANY:
        return ErrorCode.RATE_LIMITED;
      case UNAVAILABLE:
        return ErrorCode.UNAVAILABLE;
      default:
        return ErrorCode.INTERNAL;
    }
  }

  /**
   * Any failure of a request as the client sees it. A timeout means the entity did not answer in
   * time (journal unreachable, entity moving): {@code unavailable}, and the client retries; the
   * contract's idempotency makes that safe.
   */
  public static ProtocolException toProtocol(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ProtocolException protocol) {
      return protocol;
    }
    if (cause instanceof TimeoutException) {
      return new ProtocolException(ErrorCode.UNAVAILABLE, "the server could not complete the request in time; retry");
    }
    return new ProtocolException(ErrorCode.INTERNAL, "internal error");
  }
}
