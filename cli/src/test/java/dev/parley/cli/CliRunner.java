package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine;

/** Runs the CLI in the test's JVM on its own thread, with its own env, stdin and outputs. */
final class CliRunner implements AutoCloseable {
  /** A Writer whose text can be read, and waited for, while it is being written. */
  static final class Capture extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      text.append(cbuf, off, len);
      notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public synchronized String toString() {
      return text.toString();
    }

    /** True once the text satisfies the condition, false if the deadline passes first. */
    synchronized boolean await(Predicate<String> condition, long deadlineNanos) throws InterruptedException {
      while (!condition.test(text.toString())) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  final Map<String, String> env = new HashMap<>();
  final Capture out = new Capture();
  final Capture err = new Capture();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "cli-under-test");
    t.setDaemon(true);
    return t;
  });
  private PipedOutputStream stdinWriter;
  private InputStream stdin = InputStream.nullInputStream();
  private Future<Integer> running;

  CliRunner(Path home, String serverUrl) {
    env.put("PARLEY_CLI_HOME", home.toString());
    if (serverUrl != null) {
      env.put("PARLEY_SERVER", serverUrl);
    }
  }

  CliRunner stdin(String text) {
    stdin = new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Stdin that stays open until {@link #type} / {@link #endInput} are called. */
  CliRunner interactiveStdin() throws IOException {
    stdinWriter = new PipedOutputStream();
    stdin = new PipedInputStream(stdinWriter, 1 << 16);
    return this;
  }

  void type(String line) throws IOException {
    stdinWriter.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdinWriter.flush();
  }

  void endInput() throws IOException {
    stdinWriter.close();
  }

  CliRunner start(String... args) {
    CommandLine commandLine = ParleyCli.commandLine(Map.copyOf(env), stdin);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    running = thread.submit(() -> commandLine.execute(args));
    return this;
  }

  /** The exit code; fails the test if the command is still running after the wait. */
  int exitCode() throws Exception {
    return running.get(FakeServer.WAIT_SECONDS * 3, TimeUnit.SECONDS);
  }

  int run(String... args) throws Exception {
    return start(args).exitCode();
  }

  /** Waits until stdout satisfies {@code condition}; fails after the wait. */
  void awaitOut(Predicate<String> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FakeServer.WAIT_SECONDS);
    assertTrue(out.await(condition, deadline), "stdout never showed " + what + "; it is:\n" + out + "\nstderr:\n" + err);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
