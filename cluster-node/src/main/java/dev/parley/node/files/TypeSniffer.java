package dev.parley.node.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * A file's type from its bytes alone (Apache Tika's magic numbers, about 1,500 types), never from
 * the name or the {@code Content-Type} its uploader sent, both of which the uploader chooses: a page
 * uploaded as {@code cat.png} is served as what it is, with the headers of a download.
 */
public final class TypeSniffer {
  /** Raster images a browser shows in an {@code <img>} and that carry no script; SVG is not one. */
  private static final Set<String> SHOWN_INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  /** Tika's type database, read at the first upload rather than at every node's start. */
  private static final class Types {
    static final MimeTypes DEFAULT = MimeTypes.getDefaultMimeTypes();
  }

  /** The type of the file's bytes; {@code application/octet-stream} when none is recognised. */
  public String detect(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      MediaType type = Types.DEFAULT.detect(in, new Metadata());
      return type.getBaseType().toString();
    }
  }

  /** Whether a browser may show this type in place rather than download it. */
  public static boolean shownInline(String contentType) {
    return SHOWN_INLINE.contains(contentType);
  }
}
