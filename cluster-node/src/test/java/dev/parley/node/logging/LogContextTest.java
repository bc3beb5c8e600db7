package dev.parley.node.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The MDC of an actor's lines, on commands and timers alike, changing as the actor learns who it serves. */
class LogContextTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Logs on a command and on a timer; {@code "as <user>"} makes its later lines carry the user. */
  private static Behavior<String> actor() {
    return Behaviors.setup(
        context -> {
          Map<String, String> mdc = new HashMap<>(Map.of(LogContext.SESSION_ID, "s-1"));
          return LogContext.withMdc(
              () -> mdc,
              Behaviors.<String>withTimers(
                  timers ->
                      Behaviors.receiveMessage(
                          message -> {
                            if (message.startsWith("as ")) {
                              mdc.put(LogContext.USER_ID, message.substring(3));
                              MDC.put(LogContext.USER_ID, message.substring(3));
                              context.getLog().info("authenticated");
                            } else if (message.equals("later")) {
                              timers.startSingleTimer("tick", Duration.ofMillis(10));
                            } else {
                              context.getLog().info("got {}", message);
                            }
                            return Behaviors.same();
                          })));
        });
  }

  @Test
  void linesCarryTheSessionAndOnceKnownTheUserOnCommandsAndTimers() {
    ActorRef<String> actor = testKit.spawn(actor());
    LoggingTestKit.info("got hello")
        .withMdc(Map.of(LogContext.SESSION_ID, "s-1"))
        .withCustom(event -> !event.getMdc().containsKey(LogContext.USER_ID))
        .expect(testKit.system(), () -> {
          actor.tell("hello");
          return null;
        });
    LoggingTestKit.info("authenticated")
        .withMdc(Map.of(LogContext.SESSION_ID, "s-1", LogContext.USER_ID, "u-1"))
        .expect(testKit.system(), () -> {
          actor.tell("as u-1");
          return null;
        });
    LoggingTestKit.info("got tick")
        .withMdc(Map.of(LogContext.SESSION_ID, "s-1", LogContext.USER_ID, "u-1"))
        .expect(testKit.system(), () -> {
          actor.tell("later");
          return null;
        });
  }

  @Test
  void codeOutsideActorsSetsFieldsForOneCallOnlyAndPutsBackWhatWasThere() {
    LogContext.with(Map.of(LogContext.USER_ID, "u-2"), () -> assertEquals("u-2", MDC.get(LogContext.USER_ID)));
    assertEquals(null, MDC.get(LogContext.USER_ID));
    MDC.put(LogContext.USERNAME, "alice");
    try {
      LogContext.with(Map.of(LogContext.USERNAME, "bob"), () -> assertEquals("bob", MDC.get(LogContext.USERNAME)));
      assertEquals("alice", MDC.get(LogContext.USERNAME));
    } finally {
      MDC.remove(LogContext.USERNAME);
    }
  }
}
