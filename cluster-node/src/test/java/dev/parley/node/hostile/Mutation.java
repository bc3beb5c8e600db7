package dev.parley.node.hostile;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One byte-level change to a frame: where it applies is a fraction of the frame's length, so the
 * same mutation fits any frame and shrinks towards the frame's start.
 */
record Mutation(Type type, double at, int length, byte[] garbage) {

  enum Type {
    TRUNCATE, FLIP_BIT, SET_BYTE, INSERT, DELETE, DUPLICATE
  }

  byte[] apply(byte[] in) {
    int pos = Math.min(in.length, (int) (at * in.length));
    int end = Math.min(in.length, pos + length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + garbage.length + length);
    switch (type) {
      case TRUNCATE -> out.write(in, 0, pos);
      case FLIP_BIT, SET_BYTE -> {
        byte[] copy = Arrays.copyOf(in, in.length);
        if (pos < copy.length) {
          copy[pos] = type == Type.SET_BYTE ? garbage[0] : (byte) (copy[pos] ^ (1 << (garbage[0] & 7)));
        }
        out.writeBytes(copy);
      }
      case INSERT -> {
        out.write(in, 0, pos);
        out.writeBytes(garbage);
        out.write(in, pos, in.length - pos);
      }
      case DELETE -> {
        out.write(in, 0, pos);
        out.write(in, end, in.length - end);
      }
      case DUPLICATE -> {
        out.write(in, 0, end);
        out.write(in, pos, in.length - pos);
      }
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return type + "@" + String.format("%.3f", at) + "+" + length + Arrays.toString(garbage);
  }
}
