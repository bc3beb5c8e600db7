package dev.parley.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One socket written by several threads at once through its {@link SocketWriter}, with send and
 * receive buffers far smaller than what is written, so that most writes are partial and wait for the
 * selector: every element arrives whole, never cut by another, and each writer's in the order it
 * gave them.
 */
@Timeout(60)
class SocketWriterTest {
  private static final int SMALL_BUFFER = 4 * 1024;
  private static final int ELEMENT_BYTES = 24 * 1024;
  private static final int PER_THREAD = 200;
  private static final int FRAME_THREADS = 3;
  private static final long WAIT_SECONDS = 30;
  /** The stream's writer is numbered after the frame threads in each element's head. */
  private static final int STREAM = FRAME_THREADS;

  private SelectorLoop loop;
  private ServerSocketChannel server;
  private SocketChannel accepted;
  private Socket client;

  @BeforeEach
  void connect() throws IOException {
    loop = new SelectorLoop("socket-writer-test");
    server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    client = new Socket();
    client.setReceiveBufferSize(SMALL_BUFFER);
    client.connect(server.getLocalAddress());
    client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    accepted = server.accept();
    accepted.configureBlocking(false);
    accepted.setOption(StandardSocketOptions.SO_SNDBUF, SMALL_BUFFER);
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    accepted.close();
    server.close();
    loop.close();
  }

  @Test
  void framesFromManyThreadsAndTheStreamsElementsArriveWholeAndEachInItsWritersOrder() throws Exception {
    SocketWriter writer = new SocketWriter(accepted, loop);
    Queue<ByteBuffer> frames = new ConcurrentLinkedQueue<>();
    Semaphore streamTurn = new Semaphore(0);
    AtomicLong streamWrittenLate = new AtomicLong();
    bind(writer, seq -> {
      streamWrittenLate.incrementAndGet();
      streamTurn.release();
    }, () -> {});
    writer.attach(frames::poll);

    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < FRAME_THREADS; t++) {
      int id = t;
      threads.add(started(() -> {
        for (int n = 0; n < PER_THREAD; n++) {
          // Offered and drained as the frame queue does: the queue keeps each thread's order.
          frames.add(element(id, n));
          writer.drain();
        }
      }));
    }
    threads.add(started(() -> {
      for (int n = 0; n < PER_THREAD; n++) {
        if (!writer.writeFromStream(new ByteBuffer[] {element(STREAM, n)}, n + 1)) {
          streamTurn.acquireUninterruptibly();
        }
      }
    }));

    Map<Integer, Integer> next = new HashMap<>();
    DataInputStream in = new DataInputStream(client.getInputStream());
    for (int received = 0; received < (FRAME_THREADS + 1) * PER_THREAD; received++) {
      int id = in.readInt();
      int n = in.readInt();
      byte[] body = new byte[ELEMENT_BYTES - 2 * Integer.BYTES];
      in.readFully(body);
      for (byte b : body) {
        assertEquals((byte) (id * 31 + n), b, "element " + n + " of writer " + id + " was cut by another");
      }
      assertEquals(next.getOrDefault(id, 0), n, "writer " + id + "'s elements out of order");
      next.put(id, n + 1);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(streamWrittenLate.get() > 0, "no stream element waited for the selector: the buffers were not small enough");
  }

  @Test
  void aPeerThatResetsTheConnectionFailsTheWriterOnceAndLaterWritesAreDropped() throws Exception {
    SocketWriter writer = new SocketWriter(accepted, loop);
    CountDownLatch failed = new CountDownLatch(1);
    AtomicInteger failures = new AtomicInteger();
    bind(writer, seq -> {}, () -> {
      failures.incrementAndGet();
      failed.countDown();
    });
    Queue<ByteBuffer> frames = new ConcurrentLinkedQueue<>();
    writer.attach(frames::poll);
    client.setSoLinger(true, 0);
    client.close();
    for (int n = 0; failed.getCount() > 0 && n < PER_THREAD * 10; n++) {
      frames.add(element(0, n));
      writer.drain();
    }
    assertTrue(failed.await(WAIT_SECONDS, TimeUnit.SECONDS), "writing to a reset connection never failed");
    frames.add(element(0, 0));
    writer.drain();
    assertEquals(1, failures.get());
    assertEquals(1, frames.size(), "a broken socket's writer still took frames");
  }

  private void bind(SocketWriter writer, LongConsumer streamWritten, Runnable failed) throws IOException {
    SelectionKey key = loop.register(accepted, ops -> writer.writable());
    writer.bind(key, streamWritten, failed);
  }

  private static Thread started(Runnable body) {
    Thread thread = new Thread(body);
    thread.start();
    return thread;
  }

  /** A writer's id, the element's number, then a body of one byte value that tells them apart. */
  private static ByteBuffer element(int id, int n) {
    ByteBuffer buffer = ByteBuffer.allocate(ELEMENT_BYTES);
    buffer.putInt(id).putInt(n);
    while (buffer.hasRemaining()) {
      buffer.put((byte) (id * 31 + n));
    }
    return buffer.flip();
  }
}
