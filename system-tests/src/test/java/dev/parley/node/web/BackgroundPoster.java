package dev.parley.node.web;

import dev.parley.node.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Another user who keeps posting to a channel, on their own connection and thread, one post at a
 * time with a pause after each acknowledgement, until stopped: what a reader cut off must catch up
 * with. Keeps the acknowledged texts in acknowledgement (so seq) order.
 */
final class BackgroundPoster implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition acked = lock.newCondition();
  private final List<String> texts = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  BackgroundPoster(String wsUrl, String accessToken, String channelId, String prefix, Duration pause) {
    thread =
        new Thread(
            () -> {
              try (WsClient client = WsClient.authenticated(wsUrl, accessToken)) {
                for (int i = 1; running; i++) {
                  String text = prefix + " " + i;
                  client.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", UUID.randomUUID().toString()).put("text", text));
                  added(text);
                  Thread.sleep(pause.toMillis());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Throwable e) {
                failure.set(e);
                added(null);
              }
            },
            "background-poster");
    thread.start();
  }

  private void added(String text) {
    lock.lock();
    try {
      if (text != null) {
        texts.add(text);
      }
      acked.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until this many more posts than now are acknowledged; returns the last one's text. */
  String awaitMore(int count) {
    lock.lock();
    try {
      int target = texts.size() + count;
      long nanos = WAIT.toNanos();
      while (texts.size() < target) {
        if (failure.get() != null) {
          throw new AssertionError("the poster failed", failure.get());
        }
        if (nanos <= 0) {
          throw new AssertionError(count + " more posts not acknowledged within " + WAIT);
        }
        nanos = acked.awaitNanos(nanos);
      }
      return texts.get(texts.size() - 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      lock.unlock();
    }
  }

  /** Stops after the post under way; returns every acknowledged text, in order. */
  List<String> stop() {
    running = false;
    try {
      thread.join(WAIT.toMillis());
      if (thread.isAlive()) {
        throw new AssertionError("the poster did not stop within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (failure.get() != null) {
      throw new AssertionError("the poster failed", failure.get());
    }
    lock.lock();
    try {
      return List.copyOf(texts);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
