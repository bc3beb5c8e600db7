package dev.parley.protocol;

/**
 * A client frame that could not be turned into a request; {@code ref} is known when it parsed,
 * {@code op} when it named a known op (whose fields were wrong).
 */
public final class FrameException extends RuntimeException {
  private final String ref;
  private final String op;
  private final ErrorCode code;

  public FrameException(String ref, ErrorCode code, String message) {
    this(ref, null, code, message);
  }

  public FrameException(String ref, String op, ErrorCode code, String message) {
    super(message, null, false, false);
    this.ref = ref;
    this.op = op;
    this.code = code;
  }

  public String ref() {
    return ref;
  }

  /** Null when the frame named no op this version knows. */
  public String op() {
    return op;
  }

  public ErrorCode code() {
    return code;
  }

  public ServerFrame.Error toFrame() {
    return new ServerFrame.Error(ref, code, getMessage());
  }
}
