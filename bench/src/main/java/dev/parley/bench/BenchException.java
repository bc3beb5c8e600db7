package dev.parley.bench;

/** A request the server refused or never answered, with the contract's error code. */
final class BenchException extends RuntimeException {
  private final String code;

  BenchException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  String code() {
    return code;
  }
}
