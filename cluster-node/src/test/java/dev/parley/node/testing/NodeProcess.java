package dev.parley.node.testing;

import dev.parley.persistence.DatabaseSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real node jar ({@code cluster-node/target/parley-node.jar}) run as a separate JVM, the way
 * an operator runs it: configured through environment variables, killed for real. The tests that
 * use it live in the system-tests module, whose pom names the jar in {@value #JAR_PROPERTY}.
 */
public final class NodeProcess implements AutoCloseable {
  private static final String JAR_PROPERTY = "parley.node.jar";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String READY = "Parley node ready";

  private final Process process;
  private final String host;
  private final int httpPort;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;

  /** The node's output is kept in memory for assertions and in {@code log} for people. */
  private NodeProcess(Process process, String host, int httpPort, Path log) {
    this.process = process;
    this.host = host;
    this.httpPort = httpPort;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                      new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                  file.write(line);
                  file.newLine();
                  file.flush();
                  if (line.contains(READY)) {
                    ready.countDown();
                  }
                }
              } catch (IOException e) {
                output.add("<output lost: " + e + ">");
              }
            },
            "node-output-" + httpPort);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * {@code java -jar} with the rate limits lifted (see {@link TestNode#UNLIMITED}) and {@code
   * properties} as system properties, which override the node's configuration.
   */
  private static List<String> command(Map<String, Object> properties) {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Map<String, Object> all = new HashMap<>(TestNode.UNLIMITED);
    all.putAll(properties);
    all.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar().toString());
    return command;
  }

  private static Path jar() {
    String jar = System.getProperty(JAR_PROPERTY);
    if (jar == null) {
      throw new IllegalStateException(JAR_PROPERTY + " is not set: run the system tests through Maven (system-tests/pom.xml sets it)");
    }
    return Path.of(jar);
  }

  /** What a node that stopped by itself printed, and its exit code. */
  public record Exit(int code, List<String> output) {}

  /** Starts the jar and waits for it to exit by itself (a start that must fail). */
  public static Exit runToExit(Map<String, String> env, int httpPort) {
    NodeProcess node = launch(env, Map.of(), httpPort);
    try {
      if (!node.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        node.process.destroyForcibly();
        throw new IllegalStateException("node did not exit; output:\n" + String.join("\n", node.output));
      }
      node.reader.join(TimeUnit.SECONDS.toMillis(10));
      return new Exit(node.process.exitValue(), node.output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the jar with these environment variables (plus free ports) and waits until ready. */
  public static NodeProcess start(Map<String, String> env, int httpPort) {
    return start(env, Map.of(), httpPort);
  }

  /** As {@link #start(Map, int)}, with configuration overridden by system properties. */
  public static NodeProcess start(Map<String, String> env, Map<String, Object> properties, int httpPort) {
    NodeProcess node = launch(env, properties, httpPort);
    node.awaitReady();
    return node;
  }

  /**
   * A node on 127.0.0.1 that joins the cluster of the node whose cluster port is {@code seedClusterPort},
   * on the same database.
   */
  public static NodeProcess joining(DatabaseSettings database, int seedClusterPort) {
    return start(
        Map.of(
            "PARLEY_DB_URL", database.url(),
            "PARLEY_DB_USER", database.user(),
            "PARLEY_DB_PASSWORD", database.password(),
            "PARLEY_CLUSTER_HOST", "127.0.0.1",
            "PARLEY_SEED_NODES", "127.0.0.1:" + seedClusterPort),
        TestNode.freePort());
  }

  /** Starts the jar and returns at once: for a node that is not expected to become ready. */
  public static NodeProcess launch(Map<String, String> env, int httpPort) {
    return launch(env, Map.of(), httpPort);
  }

  private static NodeProcess launch(Map<String, String> env, Map<String, Object> properties, int httpPort) {
    Path jar = jar();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests with `mvn verify`, which packages it first");
    }
    ProcessBuilder builder =
        new ProcessBuilder(command(properties)).redirectErrorStream(true);
    Path log = Path.of("target", "node-" + httpPort + "-" + System.currentTimeMillis() + ".log");
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("PARLEY_"));
    Map<String, String> all = new HashMap<>();
    all.put("PARLEY_HTTP_HOST", "127.0.0.1");
    all.put("PARLEY_HTTP_PORT", String.valueOf(httpPort));
    all.put("PARLEY_MANAGEMENT_PORT", String.valueOf(TestNode.freePort()));
    all.put("PARLEY_CLUSTER_PORT", String.valueOf(TestNode.freePort()));
    all.put("PARLEY_BCRYPT_COST", "4");
    // Tests register users as they need them; a test of the registration modes sets its own.
    all.put("PARLEY_REGISTRATION", "open");
    all.putAll(env);
    environment.putAll(all);
    try {
      return new NodeProcess(builder.start(), all.get("PARLEY_HTTP_HOST"), httpPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!ready.await(100, TimeUnit.MILLISECONDS)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("node did not become ready; output:\n" + String.join("\n", output));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String httpUrl() {
    return "http://" + host + ":" + httpPort;
  }

  public String wsUrl() {
    return "ws://" + host + ":" + httpPort + "/v1/ws";
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends a signal ({@code TERM}, {@code STOP}, {@code CONT}, ...) to the node. */
  public void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to end by itself (after SIGTERM or a drain); returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("node still running after " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  /** The first line of output that contains {@code text}, once it is there. */
  public String awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (String line : output) {
        if (line.contains(text)) {
          return line;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no line with '" + text + "' within " + timeout + "; output:\n" + String.join("\n", output));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** {@code kill -9}: no shutdown hooks, no flushing, nothing graceful. */
  public void kill9() {
    signal("9");
    awaitExit(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
