package dev.parley.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What {@code logback.xml} writes once the node applied its settings, on a logger context of its own. */
class NodeLoggingTest {
  private static final String NODE = "pekko://parley@127.0.0.1:25520";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The lines written to stdout while {@code logging} runs on a context configured with {@code settings}. */
  private static List<String> lines(LogSettings settings, Consumer<LoggerContext> logging) {
    PrintStream stdout = System.out;
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
    try {
      NodeLogging.configure(context, settings, NODE);
      logging.accept(context);
    } finally {
      context.stop();
      System.setOut(stdout);
    }
    return written.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonIsOneObjectPerLineWithTheNodeTheMdcAndTheExceptionInAField() throws Exception {
    List<String> lines =
        lines(
            new LogSettings("json", Level.INFO),
            context -> {
              MDC.put("userId", "u-1");
              try {
                context.getLogger("dev.parley.node.transport.Connection").info("Session {} authenticated", "s-1");
              } finally {
                MDC.remove("userId");
              }
              context.getLogger("dev.parley.node.Example").error("it broke", new IllegalStateException("boom"));
            });

    assertEquals(2, lines.size(), lines.toString());
    JsonNode first = JSON.readTree(lines.get(0));
    Instant.parse(first.get("timestamp").asText());
    assertEquals("INFO", first.get("level").asText());
    assertEquals("dev.parley.node.transport.Connection", first.get("logger").asText());
    assertEquals("Session s-1 authenticated", first.get("message").asText());
    assertEquals(NODE, first.get("node").asText());
    assertEquals("u-1", first.get("userId").asText());
    JsonNode second = JSON.readTree(lines.get(1));
    assertTrue(second.get("exception").asText().startsWith("java.lang.IllegalStateException: boom"), second.toString());
    assertTrue(second.get("userId") == null, "the MDC of one line does not leak into the next");
  }

  @Test
  void textHasTheDateAndNoMdc() {
    List<String> lines =
        lines(
            new LogSettings("text", Level.INFO),
            context -> {
              MDC.put("userId", "u-1");
              try {
                context.getLogger("dev.parley.node.Example").info("hello");
              } finally {
                MDC.remove("userId");
              }
            });

    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  .* - hello"), lines.get(0));
  }

  @Test
  void theLevelIsTheRootsAndLibrariesNeverSayMoreThanIt() {
    List<String> lines =
        lines(
            new LogSettings("text", Level.ERROR),
            context -> {
              context.getLogger("dev.parley.node.Example").warn("not shown");
              context.getLogger("org.apache.pekko.cluster.Cluster").warn("not shown either");
              context.getLogger("dev.parley.node.Example").error("shown");
            });
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).endsWith("shown"));

    List<String> debug =
        lines(
            new LogSettings("text", Level.DEBUG),
            context -> {
              context.getLogger("dev.parley.node.Example").debug("ours");
              context.getLogger("org.apache.pekko.cluster.Cluster").info("not Pekko's chatter");
            });
    assertEquals(1, debug.size(), debug.toString());
  }

  @Test
  void onlyTheNamesOfFormatsAndLevelsAreAccepted() {
    assertEquals("json", LogSettings.format(" JSON "));
    assertEquals(Level.WARN, LogSettings.level("warn"));
    assertThrows(IllegalArgumentException.class, () -> LogSettings.format("xml"));
    assertThrows(IllegalArgumentException.class, () -> LogSettings.level("verbose"));
    assertThrows(IllegalArgumentException.class, () -> LogSettings.level("ALL"));
  }
}
