package dev.parley.node.hostile;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The log events at or above a level, from anywhere in this JVM (the in-process node's included), while attached. */
final class LogCapture implements AutoCloseable {
  private final Logger root;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(Logger root) {
    this.root = root;
  }

  static LogCapture attach(Level threshold) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogCapture capture = new LogCapture(context.getLogger(Logger.ROOT_LOGGER_NAME));
    ThresholdFilter filter = new ThresholdFilter();
    filter.setLevel(threshold.toString());
    filter.start();
    capture.appender.addFilter(filter);
    capture.appender.setContext(context);
    capture.appender.start();
    capture.root.addAppender(capture.appender);
    return capture;
  }

  /** How many events were captured so far: a mark for {@link #eventsSince}. */
  int mark() {
    synchronized (appender) {
      return appender.list.size();
    }
  }

  /** One line per event: level, logger, message, and the exception if any. */
  List<String> events() {
    return eventsSince(0);
  }

  List<String> eventsSince(int mark) {
    synchronized (appender) {
      return appender.list.subList(mark, appender.list.size()).stream()
          .map(
              e ->
                  e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                      + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage() + ")"))
          .toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
