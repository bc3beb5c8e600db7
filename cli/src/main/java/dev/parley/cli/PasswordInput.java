package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** {@code --password-stdin}, else a prompt on the terminal without echo. */
final class PasswordInput {
  private static final int MAX_BYTES = 4096;

  @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
  boolean fromStdin;

  /** {@code confirm}: ask twice on a terminal (registering). */
  String read(Context context, boolean confirm) {
    if (fromStdin) {
      return firstLine(context.stdin());
    }
    Console console = System.console();
    if (console == null) {
      throw context.usageError("no terminal to ask for the password on: use --password-stdin");
    }
    char[] first = console.readPassword("Password: ");
    if (first == null) {
      throw new CliException(ErrorCode.BAD_REQUEST, "no password given");
    }
    try {
      if (confirm) {
        char[] again = console.readPassword("Password again: ");
        try {
          if (again == null || !Arrays.equals(first, again)) {
            throw new CliException(ErrorCode.BAD_REQUEST, "the passwords differ");
          }
        } finally {
          if (again != null) {
            Arrays.fill(again, '\0');
          }
        }
      }
      return new String(first);
    } finally {
      Arrays.fill(first, '\0');
    }
  }

  /** The bytes up to the first line break (without it, and without a trailing CR), as UTF-8. */
  static String firstLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        if (line.size() >= MAX_BYTES) {
          throw new CliException(ErrorCode.BAD_REQUEST, "the password line on stdin is too long");
        }
        line.write(b);
      }
      if (b == -1 && line.size() == 0) {
        throw new CliException(ErrorCode.BAD_REQUEST, "no password on stdin");
      }
    } catch (IOException e) {
      throw new CliException(ErrorCode.BAD_REQUEST, "cannot read the password from stdin: " + e.getMessage());
    }
    String text = line.toString(StandardCharsets.UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
