package dev.parley.protocol;

/** The body of every HTTP error: {@code {"code","message"}} with the matching status. */
public record ErrorBody(String code, String message) {
  public ErrorBody(ErrorCode code, String message) {
    this(code.wire(), message);
  }
}
