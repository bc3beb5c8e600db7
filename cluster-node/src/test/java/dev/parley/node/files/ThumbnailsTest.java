package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Images;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails: scaled to the edge, and not even attempted for images that claim too many pixels or are not images. */
class ThumbnailsTest {
  @TempDir Path dir;

  @Test
  void anImageIsScaledToTheEdgeAndAPixelBombOrBrokenImageGetsNone() throws Exception {
    Thumbnails thumbnails = new Thumbnails(100, 1_000_000);
    Path wide = Files.write(dir.resolve("wide.png"), Images.pngWithMetadata(800, 200, "x"));
    Optional<Path> made = thumbnails.make(wide, "image/png", dir.resolve("wide.thumb"));
    assertTrue(made.isPresent());
    var image = Images.decode(Files.readAllBytes(made.get()));
    assertEquals(100, image.getWidth());
    assertEquals(25, image.getHeight());

    Path small = Files.write(dir.resolve("small.png"), Images.pngWithMetadata(40, 30, "x"));
    var kept = Images.decode(Files.readAllBytes(thumbnails.make(small, "image/png", dir.resolve("small.thumb")).orElseThrow()));
    assertEquals(40, kept.getWidth(), "never enlarged");

    assertEquals(
        Optional.empty(),
        new Thumbnails(100, 100_000).make(wide, "image/png", dir.resolve("over.thumb")),
        "a readable image of 160,000 pixels over a limit of 100,000 is not decoded");
    Path bomb = Files.write(dir.resolve("bomb.png"), withDimensions(Images.pngWithMetadata(10, 10, "x"), 50_000, 50_000));
    assertEquals(Optional.empty(), thumbnails.make(bomb, "image/png", dir.resolve("bomb.thumb")), "2.5 gigapixels claimed");
    Path broken = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    assertEquals(Optional.empty(), thumbnails.make(broken, "image/png", dir.resolve("broken.thumb")));
    assertEquals(Optional.empty(), thumbnails.make(wide, "application/pdf", dir.resolve("pdf.thumb")));
  }

  /** The PNG with its header (IHDR) claiming other dimensions, its checksum made right. */
  private static byte[] withDimensions(byte[] png, int width, int height) {
    ByteBuffer bytes = ByteBuffer.wrap(png.clone());
    bytes.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(bytes.array(), 12, 17);
    bytes.putInt(29, (int) crc.getValue());
    return bytes.array();
  }
}
