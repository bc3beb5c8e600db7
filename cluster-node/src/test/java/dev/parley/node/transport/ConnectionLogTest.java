package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Operators find a WebSocket connection's lines under one logger, {@code
 * dev.parley.node.transport.Connection} (docs/operations.md shows one), whichever of the
 * connection's states wrote them.
 */
class ConnectionLogTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private static Logger root;
  private static TestNode node;

  @BeforeAll
  static void start() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
    node = TestNode.startH2(Map.of());
  }

  @AfterAll
  static void stop() {
    node.close();
    root.detachAppender(appender);
    appender.stop();
  }

  @Test
  void anAuthenticatedConnectionLogsUnderTheConnectionLogger() throws InterruptedException {
    Accounts.User user = Accounts.newUser(node.httpUrl(), "lena");
    try (WsClient socket = WsClient.authenticated(node.wsUrl(), user.accessToken())) {
      ILoggingEvent line = awaitLine("authenticated user " + user.userId());
      assertEquals("dev.parley.node.transport.Connection", line.getLoggerName(), line.getFormattedMessage());
    }
  }

  private static ILoggingEvent awaitLine(String text) throws InterruptedException {
    Instant deadline = Instant.now().plus(DEADLINE);
    while (true) {
      Optional<ILoggingEvent> found;
      synchronized (appender) {
        found = List.copyOf(appender.list).stream().filter(e -> e.getFormattedMessage().contains(text)).findFirst();
      }
      if (found.isPresent()) {
        return found.get();
      }
      assertTrue(Instant.now().isBefore(deadline), "no log line with '" + text + "' within " + DEADLINE);
      Thread.sleep(POLL.toMillis());
    }
  }
}
