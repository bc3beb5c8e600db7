package dev.parley.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Applies the checked {@link LogSettings} to logback: {@code logback.xml} is loaded again with
 * the format, the level and the node's address as its name (the {@code node} field of JSON lines).
 * Done once, at start, before anything is logged, so that every line has the chosen format.
 */
public final class NodeLogging {
  private NodeLogging() {}

  /** The node's own logging; {@code node} is its cluster address. */
  public static void configure(LogSettings settings, String node) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), settings, node);
  }

  static void configure(LoggerContext context, LogSettings settings, String node) {
    URL file = NodeLogging.class.getResource("/logback.xml");
    if (file == null) {
      throw new IllegalStateException("logback.xml is not on the classpath");
    }
    long since = System.currentTimeMillis();
    context.reset();
    context.setName(node);
    context.putProperty("parleyLogFormat", settings.format());
    context.putProperty("parleyLogLevel", settings.level().levelStr);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(file);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
    }
    if (new StatusUtil(context).getHighestLevel(since) >= Status.WARN) {
      throw new IllegalStateException("cannot configure logging: " + context.getStatusManager().getCopyOfStatusList());
    }
    quietNoLouderThanRoot(context, settings.level());
  }

  /** The libraries kept at WARN are not to say more than the root allows (PARLEY_LOG_LEVEL=ERROR). */
  private static void quietNoLouderThanRoot(LoggerContext context, Level root) {
    for (Logger logger : context.getLoggerList()) {
      Level level = logger.getLevel();
      if (level != null && !Logger.ROOT_LOGGER_NAME.equals(logger.getName()) && !level.isGreaterOrEqual(root)) {
        logger.setLevel(root);
      }
    }
  }
}
