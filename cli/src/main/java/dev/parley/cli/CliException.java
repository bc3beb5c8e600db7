package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import java.time.Duration;

/**
 * A failure the CLI reports as {@code error: <code>: <message>} with exit code 1. Codes are the
 * wire contract's where the server sent one; local failures use the closest contract code
 * ({@code unavailable} for an unreachable server, {@code unauthorized} for a missing session).
 * Messages never contain tokens or passwords.
 */
class CliException extends RuntimeException {
  private final String code;

  CliException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  CliException(ErrorCode code, String message) {
    this(code.wire(), message);
  }

  final String code() {
    return code;
  }

  /** Worth retrying later with the same request (the server wrote nothing). */
  boolean isRetryable() {
    return ErrorCode.UNAVAILABLE.wire().equals(code) || ErrorCode.RATE_LIMITED.wire().equals(code);
  }

  /** The line printed on stderr. */
  final String line() {
    return "error: " + code + ": " + getMessage();
  }

  /** The WebSocket closed (or never opened) before the reply came: retry on a new connection. */
  static final class ConnectionLost extends CliException {
    private final int closeCode;

    ConnectionLost(int closeCode, String message) {
      super(ErrorCode.UNAVAILABLE, message);
      this.closeCode = closeCode;
    }

    int closeCode() {
      return closeCode;
    }
  }

  /** No reply within the request timeout. The request may still take effect later. */
  static final class RequestTimeout extends CliException {
    RequestTimeout(String op, Duration timeout) {
      super(ErrorCode.UNAVAILABLE, "no reply to '" + op + "' within " + DurationConverter.format(timeout));
    }
  }
}
