package dev.parley.node.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Takes a socket over and answers what it reads in capitals, until it reads {@code bye}: then it closes it. */
final class EchoOwner implements SocketTakeover.Owner, SocketWriter.Frames {
  private final Queue<ByteBuffer> answers = new ConcurrentLinkedQueue<>();
  private TakenSocket socket;

  @Override
  public void take(TakenSocket taken) {
    socket = taken;
    taken.start(this::readable, taken::close);
    taken.writer().attach(this);
  }

  @Override
  public void notTaken() {}

  @Override
  public ByteBuffer next() {
    return answers.poll();
  }

  private void readable() {
    ByteBuffer buffer = socket.readBuffer();
    int n;
    try {
      n = socket.read(buffer);
    } catch (IOException e) {
      socket.close();
      return;
    }
    if (n < 0) {
      socket.close();
      return;
    }
    String text = StandardCharsets.US_ASCII.decode(buffer.flip()).toString();
    if (text.equals("bye")) {
      socket.close();
      return;
    }
    answers.add(StandardCharsets.US_ASCII.encode(text.toUpperCase(Locale.ROOT)));
    socket.writer().drain();
    socket.readWhenReady();
  }
}
