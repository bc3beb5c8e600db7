package dev.parley.cli;

/**
 * Joins the parts of one WebSocket text message: {@code WebSocket.Listener.onText} may deliver a
 * message in several calls, and only the one with {@code last == true} completes it.
 */
final class TextFrameAssembler {
  private final int maxChars;
  private final StringBuilder buffer = new StringBuilder();
  private boolean overflow;

  TextFrameAssembler(int maxChars) {
    this.maxChars = maxChars;
  }

  /**
   * Adds one part; returns the whole message when {@code last}, else null. A message longer than
   * the limit is dropped (returns null when it ends) instead of growing the heap without bound.
   */
  String append(CharSequence part, boolean last) {
    if (!overflow) {
      if (buffer.length() + part.length() > maxChars) {
        overflow = true;
        buffer.setLength(0);
      } else {
        buffer.append(part);
      }
    }
    if (!last) {
      return null;
    }
    String message = overflow ? null : buffer.toString();
    buffer.setLength(0);
    overflow = false;
    return message;
  }
}
