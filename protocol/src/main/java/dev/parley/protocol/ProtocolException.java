package dev.parley.protocol;

/**
 * A request that breaks the contract: it carries the error code and a message that is safe to
 * show the client (it never echoes secrets).
 */
public final class ProtocolException extends RuntimeException {
  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public static ProtocolException badRequest(String message) {
    return new ProtocolException(ErrorCode.BAD_REQUEST, message);
  }

  public ErrorCode code() {
    return code;
  }
}
