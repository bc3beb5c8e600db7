package dev.parley.node.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Small copies of uploaded images, drawn again from their pixels and written as PNG: nothing of the
 * original's metadata (EXIF with its GPS position, comments, colour profiles) reaches them. The
 * image is decoded subsampled to about twice the thumbnail's size, and not at all when it claims
 * more pixels than allowed, so a small file that unpacks to gigabytes costs nothing.
 */
public final class Thumbnails {
  /** What the JDK's ImageIO decodes (WebP is not among them). */
  private static final Set<String> DECODED = Set.of("image/png", "image/jpeg", "image/gif", "image/bmp");
  private static final int SUBSAMPLE_MARGIN = 2;

  private final int edge;
  private final long maxPixels;

  public Thumbnails(int edge, long maxPixels) {
    this.edge = edge;
    this.maxPixels = maxPixels;
    ImageIO.setUseCache(false);
  }

  /**
   * A thumbnail of the image in {@code source}, written to {@code target}; empty when the type is
   * not one ImageIO decodes, the image is too large, or its bytes are not a readable image.
   */
  public Optional<Path> make(Path source, String contentType, Path target) throws IOException {
    if (!DECODED.contains(contentType)) {
      return Optional.empty();
    }
    BufferedImage image = decode(source);
    if (image == null) {
      return Optional.empty();
    }
    double scale = Math.min(1.0, (double) edge / Math.max(image.getWidth(), image.getHeight()));
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = thumbnail.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(thumbnail, "png", target.toFile())) {
      Files.deleteIfExists(target);
      return Optional.empty();
    }
    return Optional.of(target);
  }

  private BufferedImage decode(Path source) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(source.toFile())) {
      if (in == null) {
        return null;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width < 1 || height < 1 || width * height > maxPixels) {
          return null;
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.max(1, Math.max(width, height) / ((long) edge * SUBSAMPLE_MARGIN));
        param.setSourceSubsampling(step, step, 0, 0);
        return reader.read(0, param);
      } catch (IOException | RuntimeException e) {
        // Bytes that claim to be an image but do not decode: the file is kept, without a thumbnail.
        return null;
      } finally {
        reader.dispose();
      }
    }
  }
}
