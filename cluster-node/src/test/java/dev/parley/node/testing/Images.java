package dev.parley.node.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images for upload tests, made here rather than kept as binary files. */
public final class Images {
  private static final int PNG_SIGNATURE_BYTES = 8;
  private static final int IHDR_CHUNK_BYTES = 25;

  private Images() {}

  /**
   * A PNG of {@code width} x {@code height} pixels with a text chunk holding {@code secret}, as a
   * camera's or phone's metadata would (a PNG {@code tEXt} chunk right after the header).
   */
  public static byte[] pngWithMetadata(int width, int height, String secret) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] plain = png.toByteArray();
    byte[] chunk = textChunk("Comment", secret);
    int cut = PNG_SIGNATURE_BYTES + IHDR_CHUNK_BYTES;
    ByteBuffer out = ByteBuffer.allocate(plain.length + chunk.length);
    out.put(plain, 0, cut).put(chunk).put(plain, cut, plain.length - cut);
    return out.array();
  }

  private static byte[] textChunk(String keyword, String text) {
    byte[] data = (keyword + "\0" + text).getBytes(StandardCharsets.ISO_8859_1);
    byte[] type = "tEXt".getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(type);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(type).put(data).putInt((int) crc.getValue()).array();
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new AssertionError("not an image ImageIO reads");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
