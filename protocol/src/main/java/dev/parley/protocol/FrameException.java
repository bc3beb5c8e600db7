package dev.parley.protocol;

/** A client frame that could not be turned into a request; {@code ref} is known when it parsed. */
public final class FrameException extends RuntimeException {
  private final String ref;
  private final ErrorCode code;

  public FrameException(String ref, ErrorCode code, String message) {
    super(message, null, false, false);
    this.ref = ref;
    this.code = code;
  }

  public String ref() {
    return ref;
  }

  public ErrorCode code() {
    return code;
  }

  public ServerFrame.Error toFrame() {
    return new ServerFrame.Error(ref, code, getMessage());
  }
}
