package dev.parley.node.logging;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.MDC;

/**
 * The ids a log line is about, in the SLF4J MDC: fields of JSON lines (the text format leaves them
 * out, its messages name them). Actors get them through Pekko's {@code withMdc}; code on other
 * threads (HTTP routes, futures) sets them around one call.
 */
public final class LogContext {
  public static final String SESSION_ID = "sessionId";
  public static final String USER_ID = "userId";
  public static final String USERNAME = "username";
  public static final String CHANNEL_ID = "channelId";
  /** The cluster member a membership line is about. */
  public static final String MEMBER = "member";

  private LogContext() {}

  /** {@code behavior} with {@code mdc} on every line it logs. */
  public static <T> Behavior<T> withMdc(Map<String, String> mdc, Behavior<T> behavior) {
    return withMdc(() -> mdc, behavior);
  }

  /**
   * {@code behavior} with what {@code mdc} gives before each message on every line it logs. Every
   * message counts, not only the actor's commands: timers and an event-sourced entity's journal
   * replies reach it wrapped in Pekko's own classes, and a command stashed during a write is
   * handled while such a reply is.
   */
  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> withMdc(Supplier<Map<String, String>> mdc, Behavior<T> behavior) {
    return (Behavior<T>) Behaviors.withMdc(Object.class, message -> mdc.get(), (Behavior<Object>) (Behavior<?>) behavior);
  }

  /**
   * Runs {@code log} with {@code fields} in the MDC of this thread, then puts back what was there:
   * a future may complete on an actor's thread, in the middle of the actor's own MDC.
   */
  public static void with(Map<String, String> fields, Runnable log) {
    Map<String, String> before = new HashMap<>();
    fields.forEach(
        (key, value) -> {
          before.put(key, MDC.get(key));
          MDC.put(key, value);
        });
    try {
      log.run();
    } finally {
      before.forEach(
          (key, value) -> {
            if (value == null) {
              MDC.remove(key);
            } else {
              MDC.put(key, value);
            }
          });
    }
  }
}
