package dev.parley.node.files;

import dev.parley.protocol.ProtocolException;

/** File names as uploaders send them, made fit to show and to put in a download's headers. */
final class FileNames {
  private static final int MAX_CHARS = 255;

  private FileNames() {}

  /** The name's last path segment without control characters; {@code bad_request} when nothing is left. */
  static String clean(String name) {
    if (name == null || name.isBlank()) {
      throw ProtocolException.badRequest("give the file's name: ?name=<file name>");
    }
    String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    String clean =
        last.codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (clean.isEmpty() || clean.equals(".") || clean.equals("..")) {
      throw ProtocolException.badRequest("the file name must have a name after its folders");
    }
    if (clean.codePointCount(0, clean.length()) > MAX_CHARS) {
      throw ProtocolException.badRequest("the file name is longer than " + MAX_CHARS + " characters");
    }
    return clean;
  }
}
